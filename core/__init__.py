"""The ground floor: errors, settings, periods (Window) and the crash points tests use."""
