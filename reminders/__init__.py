"""Deadline reminders: reporting calendar, planner, delivery ledger and scheduler."""
