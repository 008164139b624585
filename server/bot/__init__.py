"""The workers' Telegram bot (aiogram 3): one bot per tenant, webhook inside the
Litestar app or polling for local use; every outgoing call goes through the
voice outbox and an arq job that keeps within Telegram's limits."""
