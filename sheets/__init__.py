"""The planning unit's spreadsheet (.xlsx): every project in scope, its reports and indicators."""
