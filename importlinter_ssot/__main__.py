from importlinter_ssot.cli.main import main

main()
