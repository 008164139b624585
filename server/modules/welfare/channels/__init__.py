"""Payment channels behind one interface (`base.PaymentChannel`).

`channel_for(settings)`: the simulated channel over HTTP when
`SAISHANG_PAYMENT_CHANNEL_URL` is set, otherwise the bank batch-file channel
under `$SAISHANG_HOME/bank`.
"""

from __future__ import annotations

from server.modules.welfare.channels.base import (
    Outcome,
    PaymentChannel,
    PaymentOrder,
    PaymentResult,
    StatementLine,
)
from server.settings import Settings

__all__ = ["Outcome", "PaymentChannel", "PaymentOrder", "PaymentResult", "StatementLine", "channel_for"]


def channel_for(settings: Settings) -> PaymentChannel:
    if settings.payment_channel_url:
        from server.modules.welfare.channels.http import HttpChannel

        return HttpChannel(settings.payment_channel_url, timeout=settings.payment_timeout)
    from server.modules.welfare.channels.bank_file import BankFileChannel

    return BankFileChannel(settings.home / "bank")
