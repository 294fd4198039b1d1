"""`ssot shim`: the compatibility modules the policy describes — what each should hold, what its
file holds (live module or pure re-export), and the block or file to write."""
