"""Exports: spreadsheets of tasks and tables (ledger.py); PDF and other formats alongside."""
