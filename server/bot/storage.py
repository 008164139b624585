"""aiogram FSM storage in PostgreSQL (the tenant's `bot_state` table).
It reads and writes inside the tenant scope the update is processed in, so
state survives a restart and is shared by every API process."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from aiogram.fsm.state import State
from aiogram.fsm.storage.base import BaseStorage, DefaultKeyBuilder, StateType, StorageKey

from server.bot import store


class PostgresStorage(BaseStorage):
    def __init__(self) -> None:
        self.keys = DefaultKeyBuilder(with_bot_id=True)

    def _key(self, key: StorageKey) -> str:
        return self.keys.build(key)

    async def set_state(self, key: StorageKey, state: StateType = None) -> None:
        value = state.state if isinstance(state, State) else state
        await store.put_state(self._key(key), state=value)

    async def get_state(self, key: StorageKey) -> str | None:
        return (await store.get_state(self._key(key)))[0]

    async def set_data(self, key: StorageKey, data: Mapping[str, Any]) -> None:
        await store.put_state(self._key(key), data=dict(data))

    async def get_data(self, key: StorageKey) -> dict[str, Any]:
        return dict((await store.get_state(self._key(key)))[1])

    async def close(self) -> None:
        return None
