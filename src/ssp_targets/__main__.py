"""``python -m ssp_targets`` runs the command line."""

import sys

from ssp_targets.cli import main

sys.exit(main())
