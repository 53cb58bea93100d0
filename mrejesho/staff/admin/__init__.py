"""The admin and manager pages: staff accounts, the directory of institutions and sectors,
and their forms and operations."""
