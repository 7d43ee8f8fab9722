"""The command line (`guide-checker`, `python -m checker`) and `check`, which runs what a build checks."""
