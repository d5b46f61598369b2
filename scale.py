"""The command line moved to ``cli/scale.py``: ``python -m urban_carbon_ledger.cli.scale``; this name still runs it."""
from .cli.scale import main

if __name__ == "__main__":
    main()
