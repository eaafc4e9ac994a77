"""Staff accounts: password hashing and what each role may do (no storage here)."""
