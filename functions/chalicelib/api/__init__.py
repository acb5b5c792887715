"""HTTP routes: thin blueprints that parse, call the domain and return JSON."""
