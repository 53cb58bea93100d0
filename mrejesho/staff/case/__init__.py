"""One feedback: its page, the officer's actions on it and their forms, the duplicates it may
have, and the canned responses that help answer it."""
