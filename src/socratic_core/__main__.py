"""`python -m socratic_core` runs the `socratic` command."""

import sys

from socratic_core.cli import main

sys.exit(main())
