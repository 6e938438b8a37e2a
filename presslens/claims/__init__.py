"""Claims: check-worthy statements, their structure, and verification against evidence."""
