"""`python -m dashboard …`: see dashboard.cli."""

import sys

from dashboard.cli import main

sys.exit(main())
