"""Torget's server side: domain and storage code behind the Chalice routes."""
