"""The Saishang admin TUI: `make_app(config, client)` builds it (tests pass a client
wired to the API in-process); `main()` is what `saishang tui` runs."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterable
from functools import partial
from pathlib import Path
from typing import NamedTuple

from textual import work
from textual.actions import SkipAction
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.markup import escape
from textual.reactive import reactive
from textual.screen import ModalScreen, Screen
from textual.widgets import Input, TextArea
from textual.worker import WorkerState

from tui import i18n
from tui.client import ApiClient, ApiError, ConnectionLost, Identity, ModuleState, Tenant
from tui.config import TuiConfig
from tui.i18n import L, pick, t
from tui.widgets.base import localize_bindings

PLATFORM_AREAS = ("tenants", "tokens", "events", "health")
PLATFORM_LOG = L("平台日志", "Platform log")
QUIT_ASK = L("退出管理终端？", "Quit the TUI?")


def _record_search():
    from tui.search import RecordSearch

    return RecordSearch


class Area(NamedTuple):
    id: str
    title: str
    section: str
    factory: Callable[[], Screen]


class SaishangApp(App):
    CSS_PATH = "app.tcss"
    TITLE = "塞上 Saishang"
    ENABLE_COMMAND_PALETTE = True
    # The palette's commands, then records found by the API's search (tui/search.py).
    COMMANDS = App.COMMANDS | {_record_search}
    BINDINGS = [
        # Global keys come first (priority), so a search box or a path field that has the focus
        # does not swallow them; where the user types free text (a form, the sign-in screen) the
        # action steps aside (SkipAction) and the key types. See `typing_text()`.
        Binding("q", "quit", "app.quit", id="app.quit", priority=True),
        Binding("ctrl+p", "command_palette", "app.palette", show=False, priority=True, id="app.palette"),
        Binding("question_mark", "help", "app.help", key_display="?", id="app.help", priority=True),
        Binding(
            "right_square_bracket",
            "next_area",
            "app.next_area",
            key_display="]",
            show=False,
            id="app.next_area",
            priority=True,
        ),
        Binding(
            "left_square_bracket",
            "prev_area",
            "app.prev_area",
            key_display="[",
            show=False,
            id="app.prev_area",
            priority=True,
        ),
    ]

    # "" while the API answers; the reason while it does not (the banner shows it).
    offline: reactive[str] = reactive("")
    retry_in: reactive[float] = reactive(0.0)

    def __init__(
        self,
        config: TuiConfig,
        client: ApiClient,
        *,
        retry_delays: Iterable[float] = (1, 2, 5, 10, 30),
        health_interval: float = 10.0,
    ) -> None:
        i18n.set_lang(config.lang)
        super().__init__()
        localize_bindings(self)
        self.config = config
        self.client = client
        self.identity: Identity | None = None
        self.tenant: Tenant | None = None  # the tenant being worked in
        self.tenant_modules: list[ModuleState] = []
        self.current_area: str | None = None
        self.retry_delays = tuple(retry_delays)
        self.health_interval = health_interval
        self.title = t("app.title")
        if config.keymap:
            self.set_keymap(config.keymap)

    # --- start-up and sign-in ----------------------------------------------------

    def get_default_screen(self) -> Screen:
        from tui.screens.base import SplashScreen

        return SplashScreen()

    def on_mount(self) -> None:
        from tui.screens.login import LoginScreen

        if not self.client.token:
            self.push_screen(LoginScreen())
        else:
            self.connect()

    @work(exclusive=True, group="connect", exit_on_error=False)
    async def connect(self) -> None:
        """Find out who the token is, then open the first area."""
        from tui.screens.login import LoginScreen

        try:
            identity = await self.client.identify(self.config.tenant)
        except ApiError as error:
            if error.status in (401, 403, 404):
                self.notify(self._problem_text(error), severity="error", markup=False)
                await self.show(LoginScreen(message=self._login_hint(error)))
                return
            raise
        await self.signed_in(identity)

    def _login_hint(self, error: ApiError) -> str:
        if error.status == 403 and not self.config.tenant:
            return t("login.need_tenant")
        if error.status == 401:
            return t("error.unauthorized")
        return self._problem_text(error)

    async def signed_in(self, identity: Identity) -> None:
        self.identity = identity
        self.tenant = identity.tenant
        self.tenant_modules = list(identity.modules)
        self.sub_title = self._who()
        await self.open_area(self.areas()[0].id)

    def _who(self) -> str:
        identity = self.identity
        if identity is None:
            return ""
        role = t(f"role.{identity.role}")
        return role if identity.account == identity.role else t("app.signed_in", account=identity.account, role=role)

    # --- areas: the sidebar, the palette and [ ] all go through here --------------

    def areas(self) -> list[Area]:
        from tui import modules
        from tui.screens.activity import PlatformLogScreen
        from tui.screens.health import HealthScreen
        from tui.screens.overview import OverviewScreen
        from tui.screens.tenants import TenantsScreen
        from tui.screens.tokens import TokensScreen

        identity = self.identity
        if identity is None:
            return []
        out: list[Area] = []
        if identity.is_platform:
            section = t("app.region_section")
            out += [
                Area("tenants", t("area.tenants"), section, TenantsScreen),
                Area("tokens", t("area.tokens"), section, TokensScreen),
                Area("events", str(PLATFORM_LOG), section, PlatformLogScreen),
                Area("health", t("area.health"), section, HealthScreen),
            ]
        if self.tenant is not None:
            section = pick(self.tenant.name_zh, self.tenant.name_en)
            if not identity.is_platform:
                out.append(Area("overview", t("area.overview"), section, OverviewScreen))
                if identity.role == "tenant_admin":
                    out.append(Area("tokens", t("area.tokens"), section, TokensScreen))
            screens, _ = modules.for_tenant(self.tenant_modules, identity.role)
            out += [Area(entry.id, str(entry.title), section, partial(entry.factory, self)) for entry in screens]
            if not identity.is_platform:
                out.append(Area("health", t("area.health"), section, HealthScreen))
        return out

    def area(self, area_id: str) -> Area | None:
        return next((a for a in self.areas() if a.id == area_id), None)

    async def open_area(self, area_id: str) -> None:
        area = self.area(area_id)
        if area is None:
            return
        self.current_area = area.id
        await self.show(area.factory())

    async def show(self, screen: Screen) -> None:
        """Replace whatever is on the stack above the base screen with `screen`."""
        while len(self.screen_stack) > 1:
            await self.pop_screen()
        await self.push_screen(screen)

    def navigate(self, step: Awaitable[None]) -> None:
        """Run a navigation in the app's own worker: a screen must never await its own removal."""
        self.run_worker(step, group="navigate", exclusive=True, exit_on_error=False)

    def _step_area(self, step: int) -> None:
        ids = [a.id for a in self.areas()]
        if not ids:
            return
        index = ids.index(self.current_area) if self.current_area in ids else -step
        self.navigate(self.open_area(ids[(index + step) % len(ids)]))

    def typing_text(self) -> bool:
        """Whether the focus is where the user types free text: a field of a form (a modal)
        or of the sign-in screen, or a text area. There the global keys type."""
        from tui.screens.login import LoginScreen

        focused = self.focused
        if isinstance(focused, TextArea):
            return True
        return isinstance(focused, Input) and isinstance(self.screen, (ModalScreen, LoginScreen))

    def _global(self, *, leaves_screen: bool = False) -> None:
        """Let the key type instead where the user types text (and, for a key that leaves the
        screen, anywhere on a modal: a half-filled form is not thrown away by `]`)."""
        if self.typing_text() or leaves_screen and isinstance(self.screen, ModalScreen):
            raise SkipAction()

    def action_next_area(self) -> None:
        self._global(leaves_screen=True)
        self._step_area(1)

    def action_prev_area(self) -> None:
        self._global(leaves_screen=True)
        self._step_area(-1)

    async def action_quit(self) -> None:
        """`q` quits; from a search or path field it asks first (the q may have been typed)."""
        self._global()
        if isinstance(self.focused, Input):
            from tui.screens.confirm import ConfirmModal

            def answered(yes: bool | None) -> None:
                if yes:
                    self.exit()

            self.push_screen(ConfirmModal(str(QUIT_ASK), danger=False), answered)
            return
        self.exit()

    @property
    def tenant_slug(self) -> str:
        """The tenant being worked in: a tenant's screens open only inside one."""
        if self.tenant is None:
            raise RuntimeError("a tenant screen is open outside a tenant")
        return self.tenant.slug

    @property
    def is_platform(self) -> bool:
        """Signed in with a platform admin's token."""
        return self.identity is not None and self.identity.is_platform

    async def enter_tenant(self, slug: str) -> None:
        """A platform admin works inside one tenant: its activity log and module screens appear."""
        me = await self.client.me(slug)
        self.tenant, self.tenant_modules = me.tenant, list(me.modules)
        self.notify(t("tenants.entered", slug=slug), markup=False)
        area = next((a for a in self.areas() if a.id not in PLATFORM_AREAS), None)
        await self.open_area(area.id if area else "tenants")

    async def leave_tenant(self) -> None:
        self.tenant, self.tenant_modules = None, []
        await self.open_area("tenants")

    def tenant_changed(self, tenant: Tenant, modules: list[ModuleState] | None = None) -> None:
        """A screen changed the tenant being worked in (modules switched): keep areas in step."""
        if self.tenant is not None and self.tenant.slug == tenant.slug:
            self.tenant = tenant
            if modules is not None:
                self.tenant_modules = modules
            self.refresh_sidebar()

    def refresh_sidebar(self) -> None:
        from tui.widgets.sidebar import Sidebar

        for screen in self.screen_stack:
            for sidebar in screen.query(Sidebar):
                sidebar.rebuild()

    # --- help, palette, language --------------------------------------------------

    def action_help(self) -> None:
        from tui.screens.help import HelpScreen

        self._global()
        if isinstance(self.screen, HelpScreen):
            self.screen.dismiss(None)  # `?` again closes it
        else:
            self.push_screen(HelpScreen(self.screen))

    def action_command_palette(self) -> None:
        from textual.command import CommandPalette

        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(CommandPalette(id="--command-palette", placeholder=t("app.palette.search")))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        from tui import modules
        from tui.screens.login import LoginScreen

        # The current screen's own commands first: what its footer shows.
        commands = getattr(screen, "palette_commands", None)
        if commands is not None:
            yield from commands()
        for area in self.areas():
            if area.id != self.current_area:
                yield SystemCommand(
                    t("app.go", area=area.title),
                    t("app.go.help", area=area.title),
                    lambda a=area.id: self.navigate(self.open_area(a)),
                )
        if self.identity is not None and self.tenant is not None:
            _, extra = modules.for_tenant(self.tenant_modules, self.identity.role)
            for command in extra:
                yield SystemCommand(str(command.title), str(command.help), lambda c=command: c.run(self))
            if self.identity.is_platform:
                yield SystemCommand(
                    t("app.leave_tenant", tenant=self.tenant.slug),
                    t("app.leave_tenant.help"),
                    lambda: self.navigate(self.leave_tenant()),
                )
        yield SystemCommand(t("app.help"), t("app.help.help"), self.action_help)
        yield SystemCommand(t("app.language"), t("app.language.help"), self.action_toggle_language)
        if not isinstance(screen, LoginScreen):
            yield SystemCommand(t("app.logout"), t("app.logout.help"), lambda: self.navigate(self.show(LoginScreen())))
        yield SystemCommand(t("app.quit"), t("app.quit.help"), self.exit)

    def action_toggle_language(self) -> None:
        """Switch zh-CN <-> English: rebuild the screens so every label follows."""
        i18n.set_lang("en" if i18n.get_lang() == "zh-CN" else "zh-CN")
        localize_bindings(self)
        self.title = t("app.title")
        if self.identity is not None:
            self.sub_title = self._who()
            if self.current_area:
                self.navigate(self.open_area(self.current_area))
        else:
            from tui.screens.login import LoginScreen

            self.navigate(self.show(LoginScreen()))

    # --- failures: one handler for every worker ----------------------------------------

    def on_worker_state_changed(self, event) -> None:
        if event.state == WorkerState.ERROR:
            self.report_failure(event.worker.error)

    def report_failure(self, error: BaseException | None) -> None:
        """Turn a failed API call into what the user sees: a notice, the banner, or the login screen."""
        if isinstance(error, ConnectionLost):
            self.connection_lost(error)
        elif isinstance(error, ApiError):
            self.notify(
                escape(self._problem_text(error)),
                title=escape(f"{error.method} {error.path}"),
                severity="error",
                timeout=8,
            )
            if error.status == 401:
                from tui.screens.login import LoginScreen

                self.navigate(self.show(LoginScreen(message=t("error.unauthorized"))))
        elif error is not None:
            self.log.error(repr(error))
            self.notify(escape(t("error.unexpected", error=f"{type(error).__name__}: {error}")), severity="error")

    @staticmethod
    def _problem_text(error: ApiError) -> str:
        text = t("error.api", status=error.status, title=error.title, detail=error.detail or "-")
        fields = [f"{e.field}: {e.message}" for e in error.errors if e.message not in error.detail]
        return "\n".join([text, *fields])

    def connection_lost(self, error: ConnectionLost) -> None:
        if not self.offline:
            self.notify(escape(t("conn.failed", url=error.url) + f"\n{error.reason}"), severity="error")
        self.offline = error.reason
        self.reconnect()

    @work(exclusive=True, group="reconnect", exit_on_error=False)
    async def reconnect(self) -> None:
        """Ask `/healthz` until it answers, waiting longer each time; then carry on."""
        attempt = 0
        while True:
            delay = self.retry_delays[min(attempt, len(self.retry_delays) - 1)]
            self.retry_in = delay
            await asyncio.sleep(delay)
            try:
                await self.client.healthz()
            except ConnectionLost as error:
                self.offline = error.reason
                attempt += 1
                continue
            except ApiError:
                pass  # it answered: the connection is back
            break
        self.offline = ""
        self.notify(escape(t("conn.back", url=self.client.url)))
        if self.identity is None:
            self.connect()
        else:
            refresh = getattr(self.screen, "action_refresh", None)
            if refresh is not None:
                refresh()

    # --- sign-in persistence ------------------------------------------------------------

    def remember(self, url: str, token: str, tenant: str | None) -> Path | None:
        self.config = self.config.signed_in(url, token, tenant)
        return self.config.save()

    async def on_unmount(self) -> None:
        await self.client.aclose()


def make_app(config: TuiConfig, client: ApiClient | None = None, **kwargs) -> SaishangApp:
    """Build the app from its settings and an API client (a real one when none is given)."""
    client = client or ApiClient(config.url, config.token)
    return SaishangApp(config, client, **kwargs)


def main(
    *, url: str | None = None, token: str | None = None, lang: str | None = None, tenant: str | None = None
) -> None:
    config = TuiConfig.load(url=url, token=token, lang=lang, tenant=tenant)
    make_app(config).run()
