"""`saishang reps elections`: the tenant's elections with the 1:2 check and the tally;
`saishang reps roll`: a congress's representatives with their terms, training and duty time."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from server.platform.console import language, word_table

cli = typer.Typer(help="四制 Qingtongxia's worker representatives: elections and the roll.", no_args_is_help=True)


def _state(key: str, code: str) -> str:
    """A state in words, in the CLI's language, as the exports write it."""
    from server.modules.reps.columns import CODES
    from server.platform import exports

    words = CODES[key].get(code)
    return exports.words(words, language()) if words else code


def _actor(tenant: str, name: str) -> Any:
    from server.platform.roles import Actor, Role

    return Actor(account_id=None, name=name, role=Role.tenant_admin, tenant=tenant)


@cli.command("elections")
def elections(
    tenant: Annotated[str, typer.Option(help="Tenant slug")],
    state: Annotated[str | None, typer.Option(help="nominating, open, runoff, tallied or published")] = None,
    limit: Annotated[int, typer.Option(help="At most this many")] = 50,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table")] = False,
) -> None:
    """Elections: seats, candidates (and whether they hold 1:2), votes cast, the elected."""
    from server.infra.tenancy import tenant_scope
    from server.modules.reps import messages as msg
    from server.modules.reps import service
    from server.platform.console import out, print_json, run

    actor = _actor(tenant, "saishang reps elections")

    async def body(settings: Any) -> Any:
        async with tenant_scope(tenant):
            return await service.list_elections(actor=actor, state=state, limit=limit)

    page = run(body, tenant=tenant, module="reps")
    if as_json:
        print_json(page)
        return
    words = [
        msg.CLI_ELECTION,
        msg.CLI_CONSTITUENCY,
        msg.CLI_HELD_ON,
        msg.CLI_STATE,
        msg.CLI_SEATS,
        msg.CLI_CANDIDATES,
        msg.CLI_ONE_TO_TWO,
        msg.CLI_VOTES,
        msg.CLI_ELECTED,
    ]
    table = word_table(words, language(), fold=True)
    for e in page.items:
        table.add_row(
            str(e.id),
            str(e.constituency_id),
            str(e.held_on),
            _state("ElectionOut.state", e.state),
            str(e.seats),
            str(len(e.candidates)),
            "✓" if e.enough_candidates else "✗",
            str(e.votes_cast),
            str(sum(1 for c in e.candidates if c.elected)),
        )
    out.print(table)


@cli.command("roll")
def roll(
    tenant: Annotated[str, typer.Option(help="Tenant slug")],
    congress: Annotated[int, typer.Option(help="The workers' congress")],
    limit: Annotated[int, typer.Option(help="At most this many")] = 500,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table")] = False,
) -> None:
    """The representatives' roll: terms, pre-duty training, duty time, seated or recalled."""
    from server.infra.tenancy import tenant_scope
    from server.modules.reps import messages as msg
    from server.modules.reps import service
    from server.platform.console import out, print_json, run

    actor = _actor(tenant, "saishang reps roll")

    async def body(settings: Any) -> Any:
        async with tenant_scope(tenant):
            return await service.list_representatives(congress, actor=actor, limit=limit)

    page = run(body, tenant=tenant, module="reps")
    if as_json:
        print_json(page)
        return
    words = [
        msg.CLI_REPRESENTATIVE,
        msg.CLI_MEMBER,
        msg.CLI_FROM,
        msg.CLI_TO,
        msg.CLI_TRAINED,
        msg.CLI_DUTY_MINUTES,
        msg.CLI_STATE,
    ]
    table = word_table(words, language(), fold=True)
    for r in page.items:
        table.add_row(
            str(r.id),
            str(r.member_id),
            str(r.starts_on),
            str(r.ends_on),
            str(r.trained_on or "—"),
            str(r.duty_minutes),
            _state("RepresentativeOut.state", r.state),
        )
    out.print(table)
