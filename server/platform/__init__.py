"""The platform: tenant registry, accounts, tokens and roles (schema `platform`)."""
