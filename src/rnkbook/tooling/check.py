"""`python -m rnkbook.tooling.check [DATA_DIR]`: validate the data package from the shell."""
from ..validate import main

if __name__ == "__main__":
    raise SystemExit(main())
