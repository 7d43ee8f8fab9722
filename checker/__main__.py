"""`python -m checker`: the contract's command line, handed over to the build side.

The only import from checker/ into sitebuild/: the command line reads YAML and pages,
which the browser never does, so this file is left out of the browser's wheel.
"""
import sys

from sitebuild.commands.cli import main

sys.exit(main())
