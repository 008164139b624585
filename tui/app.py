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
from tui import labels as ui
from tui.client import ApiClient, ApiError, ConnectionLost, Identity, ModuleState, Tenant
from tui.config import TuiConfig
from tui.i18n import L, of, pick
from tui.widgets.base import localize_bindings

# labels shown by this file (tui.i18n.L)
APP_GO = L("前往：{area}", "Go to: {area}")
APP_GO_HELP = L("打开“{area}”", "Open {area}")
APP_HELP = L("帮助", "Help")
APP_HELP_HELP = L("显示当前界面的按键", "Show the keys of this screen")
APP_LANGUAGE = L("切换语言（English）", "Switch language (中文)")
APP_LANGUAGE_HELP = L("在中文与英文之间切换界面语言", "Switch the interface between Chinese and English")
APP_LEAVE_TENANT = L("离开租户 {tenant}", "Leave tenant {tenant}")
APP_LEAVE_TENANT_HELP = L("回到平台视图", "Back to the platform view")
APP_LOGOUT = L("重新登录", "Sign in again")
APP_LOGOUT_HELP = L("输入另一个地址或令牌", "Use another URL or token")
APP_NEXT_AREA = L("下一区", "Next area")
APP_PALETTE = L("命令", "Commands")
APP_PALETTE_SEARCH = L("搜索命令…", "Search for commands…")
APP_PREV_AREA = L("上一区", "Previous area")
APP_QUIT_HELP = L("退出管理终端", "Leave the TUI")
APP_REGION_SECTION = L("自治区总工会", "Region")
APP_SIGNED_IN = L("{account}（{role}）", "{account} ({role})")
APP_TITLE = L("塞上 · 工会管理终端", "Saishang · union admin")
AREA_HEALTH = L("运行状态", "Health")
AREA_OVERVIEW = L("本会概况", "Overview")
AREA_TENANTS = L("租户", "Tenants")
AREA_TOKENS = L("令牌", "Tokens")
CONN_BACK = L("已重新连接到 {url}", "Reconnected to {url}")
ERROR_API = L("{status} {title}：{detail}", "{status} {title}: {detail}")
ERROR_UNAUTHORIZED = L("令牌无效或已过期，请重新登录", "The token is not valid any more; please sign in")
ERROR_UNEXPECTED = L("意外错误：{error}", "Unexpected error: {error}")
TENANTS_ENTERED = L("已进入租户 {slug}", "Now working in tenant {slug}")


PLATFORM_AREAS = ("tenants", "tokens", "events", "health", "region", "review")
AREA_REGION = L("全区统计", "Region figures")
AREA_REVIEW = L("创新项目评选", "Innovation review")
FIGURES = L("统计", "Figures")
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
        Binding("q", "quit", ui.APP_QUIT.id, id="app.quit", priority=True),
        Binding("ctrl+p", "command_palette", APP_PALETTE.id, show=False, priority=True, id="app.palette"),
        Binding("question_mark", "help", APP_HELP.id, key_display="?", id="app.help", priority=True),
        Binding(
            "right_square_bracket",
            "next_area",
            APP_NEXT_AREA.id,
            key_display="]",
            show=False,
            id="app.next_area",
            priority=True,
        ),
        Binding(
            "left_square_bracket",
            "prev_area",
            APP_PREV_AREA.id,
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
        self.title = APP_TITLE()
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
            return ui.LOGIN_NEED_TENANT()
        if error.status == 401:
            return ERROR_UNAUTHORIZED()
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
        role = of(ui.ROLE_OF, identity.role)
        return role if identity.account == identity.role else APP_SIGNED_IN(account=identity.account, role=role)

    # --- areas: the sidebar, the palette and [ ] all go through here --------------

    def areas(self) -> list[Area]:
        from tui import modules
        from tui.screens.activity import PlatformLogScreen
        from tui.screens.health import HealthScreen
        from tui.screens.overview import OverviewScreen
        from tui.screens.region.board import ReviewBoard
        from tui.screens.region.dashboard import RegionScreen
        from tui.screens.tenants import TenantsScreen
        from tui.screens.tokens import TokensScreen

        identity = self.identity
        if identity is None:
            return []
        out: list[Area] = []
        if identity.is_platform:
            section = APP_REGION_SECTION()
            out += [
                Area("tenants", AREA_TENANTS(), section, TenantsScreen),
                Area("tokens", AREA_TOKENS(), section, TokensScreen),
                Area("events", PLATFORM_LOG(), section, PlatformLogScreen),
                Area("health", AREA_HEALTH(), section, HealthScreen),
                Area("region", AREA_REGION(), section, RegionScreen),
                Area("review", AREA_REVIEW(), section, partial(ReviewBoard, panel=True)),
            ]
        elif identity.role == "reviewer":  # the review's panel: the board, nothing of any tenant
            out.append(Area("review", AREA_REVIEW(), APP_REGION_SECTION(), partial(ReviewBoard, panel=True)))
        if self.tenant is not None:
            section = pick(self.tenant.name_zh, self.tenant.name_en)
            if not identity.is_platform:
                out.append(Area("overview", AREA_OVERVIEW(), section, OverviewScreen))
                if identity.role == "tenant_admin":
                    out.append(Area("tokens", AREA_TOKENS(), section, TokensScreen))
            screens, _ = modules.for_tenant(self.tenant_modules, identity.role)
            work = [e for e in screens if not e.id.endswith(".figures")]
            figures = [e for e in screens if e.id.endswith(".figures")]
            out += [Area(entry.id, str(entry.title), section, partial(entry.factory, self)) for entry in work]
            if not identity.is_platform:
                out.append(Area("health", AREA_HEALTH(), section, HealthScreen))
            # Each module's figures under a section of their own, named by the module alone.
            out += [Area(e.id, str(e.title), FIGURES(), partial(e.factory, self)) for e in figures]
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
        self.notify(TENANTS_ENTERED(slug=slug), markup=False)
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
            self.push_screen(CommandPalette(id="--command-palette", placeholder=APP_PALETTE_SEARCH()))

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
                    APP_GO(area=area.title),
                    APP_GO_HELP(area=area.title),
                    lambda a=area.id: self.navigate(self.open_area(a)),
                )
        if self.identity is not None and self.tenant is not None:
            _, extra = modules.for_tenant(self.tenant_modules, self.identity.role)
            for command in extra:
                yield SystemCommand(str(command.title), str(command.help), lambda c=command: c.run(self))
            if self.identity.is_platform:
                yield SystemCommand(
                    APP_LEAVE_TENANT(tenant=self.tenant.slug),
                    APP_LEAVE_TENANT_HELP(),
                    lambda: self.navigate(self.leave_tenant()),
                )
        yield SystemCommand(APP_HELP(), APP_HELP_HELP(), self.action_help)
        yield SystemCommand(APP_LANGUAGE(), APP_LANGUAGE_HELP(), self.action_toggle_language)
        if not isinstance(screen, LoginScreen):
            yield SystemCommand(APP_LOGOUT(), APP_LOGOUT_HELP(), lambda: self.navigate(self.show(LoginScreen())))
        yield SystemCommand(ui.APP_QUIT(), APP_QUIT_HELP(), self.exit)

    def action_toggle_language(self) -> None:
        """Switch zh-CN <-> English: rebuild the screens so every label follows."""
        i18n.set_lang("en" if i18n.get_lang() == "zh-CN" else "zh-CN")
        localize_bindings(self)
        self.title = APP_TITLE()
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

                self.navigate(self.show(LoginScreen(message=ERROR_UNAUTHORIZED())))
        elif error is not None:
            self.log.error(repr(error))
            self.notify(escape(ERROR_UNEXPECTED(error=f"{type(error).__name__}: {error}")), severity="error")

    @staticmethod
    def _problem_text(error: ApiError) -> str:
        text = ERROR_API(status=error.status, title=error.title, detail=error.detail or "-")
        fields = [f"{e.field}: {e.message}" for e in error.errors if e.message not in error.detail]
        return "\n".join([text, *fields])

    def connection_lost(self, error: ConnectionLost) -> None:
        if not self.offline:
            self.notify(escape(ui.CONN_FAILED(url=error.url) + f"\n{error.reason}"), severity="error")
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
        self.notify(escape(CONN_BACK(url=self.client.url)))
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
