"""A person's own account (profile, download, deletion), organisers' care of organisations, the privacy notice."""
