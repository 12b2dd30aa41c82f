"""Test doubles and checks for development: the fake vendor feed, the Chromium page checks."""
