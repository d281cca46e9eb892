"""`python -m postmortem`."""

from postmortem.cli import main

# Guarded: worker processes (postmortem.store.row_parsing) import the main module again.
if __name__ == "__main__":
    main()
