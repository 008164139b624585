"""The Textual admin app. It talks only to the HTTP API."""
