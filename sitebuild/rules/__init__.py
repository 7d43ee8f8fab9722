"""What the build proves and prints about the rules: the proof, relevance, cases, the outcome table, diff, schemas.

Build side only: the browser runs checker/, never these."""
