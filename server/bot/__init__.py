"""The workers' Telegram bot, the platform's channel to workers (aiogram 3): one bot per
tenant whichever modules it has on, webhook inside the Litestar app or polling for local use;
linking a chat to a member, the token sealed at rest, and every outgoing call through the
outbox and an arq job that keeps within Telegram's limits. Modules plug in through
`Module.bot` (see README.md)."""
