import sys

from wellboard.cli.main import main

sys.exit(main())
