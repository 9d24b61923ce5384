"""Sources and stores: open a file, store or endpoint; write, extend and export the layout."""
