"""`python -m csvpipe` runs the CLI."""

import sys

from csvpipe.cli.main import main

sys.exit(main())
