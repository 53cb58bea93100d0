"""The desk's own intake (issue 16): an officer records feedback a citizen gave by phone,
in person, by letter or by email, through the same intake as every channel."""
