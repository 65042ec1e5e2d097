import sys

from .apps.cli import main

# started as a module, sys.argv[0] is this file's path: the usage line names the command instead
sys.exit(main(prog="python -m nplv_analysis"))
