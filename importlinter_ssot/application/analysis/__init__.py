"""From source files to findings: parsing a file once into what the rules read (imports,
definitions, references, runtime facts), evaluating every file for every policy with the
per-file results cached (authenticated, shape-checked), and the check use case that every front
end runs."""
