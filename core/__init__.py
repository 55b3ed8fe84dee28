"""The bottom layer: LINE message builders, the reporting calendar, Thai formatting, inbox keys."""
