"""The org tree (组织树): a Textual `Tree` that asks the API for one level at a time.

The roots come from `GET /orgs?roots=true` (an org officer's own org for them);
a node's children from `GET /orgs/{id}/children` the first time it is opened,
a page at a time (a "more…" leaf fetches the next page). The org under the
cursor is shown beside the tree, fresh from `GET /orgs/{id}` and its ancestors.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Static, Tree
from textual.widgets.tree import TreeNode

from tui import labels as ui
from tui.i18n import L
from tui.kit.api import Page
from tui.screens.base import AreaScreen
from tui.screens.orgs import labels as lbl
from tui.screens.orgs.api import Org, OrgsApi
from tui.screens.orgs.common import org_fields
from tui.widgets.base import bind

PAGE = 100


@dataclass
class More:
    """The leaf standing for the rest of a node's children."""

    parent_id: int | None
    cursor: str


NodeData = Org | More | None


def org_label(org: Org) -> str:
    """The name, and the members of the org itself when it has any (the type is beside the tree)."""
    if org.member_count:
        return lbl.NODE(name=org.name, members=f"{org.member_count:,}")
    return org.name


NEW = L("新建下级", "New org")
CHANGE = L("修改", "Change")
CREATED = L("已新建组织{name}", "Org {name} created")
SAVED = L("已保存组织{name}", "Org {name} saved")


class OrgTreeScreen(AreaScreen):
    AREA = "orgs.tree"
    HEADING = lbl.TREE_TITLE
    CSS_PATH = ["../screens.tcss", "orgs.tcss"]
    AUTO_FOCUS = "#org-tree"
    BINDINGS = [
        Binding("m", "members", lbl.TREE_MEMBERS.id, id="orgs.tree.members"),
        bind("n", "new", NEW),
        bind("c", "change", CHANGE),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.loaded: set[int] = set()  # orgs whose first page of children has been asked for
        self.current: Org | None = None

    def body(self) -> ComposeResult:
        with Horizontal(id="tree-box"):
            tree: Tree[NodeData] = Tree(lbl.TREE_ROOT(), id="org-tree")
            tree.show_root = False
            tree.guide_depth = 3
            yield tree
            with VerticalScroll(id="org-detail-box"):
                yield Static(lbl.TREE_PICK(), id="org-detail", markup=False)

    @property
    def org_tree(self) -> Tree[NodeData]:
        return self.query_one("#org-tree", Tree)

    def action_refresh(self) -> None:
        self.loaded.clear()
        self.org_tree.clear()
        self.load_level(self.org_tree.root, None, None)

    def add_page(self, parent: TreeNode[NodeData], parent_id: int | None, page: Page[Org]) -> None:
        for org in page.items:
            parent.add(org_label(org), data=org, allow_expand=org.child_count > 0)
        if page.next_cursor:
            parent.add_leaf(lbl.TREE_MORE(), data=More(parent_id, page.next_cursor))

    @work(group="org-children", exit_on_error=False)
    async def load_level(self, node: TreeNode[NodeData], parent_id: int | None, cursor: str | None) -> None:
        api = OrgsApi.of(self.app)
        try:
            if parent_id is None:
                page = await api.roots(cursor, limit=PAGE)
            else:
                page = await api.children(parent_id, cursor, limit=PAGE)
        except Exception:
            if parent_id is not None:  # opening the node again asks again
                self.loaded.discard(parent_id)
                node.remove_children()
                node.collapse()
            raise
        with self.app.batch_update():
            if cursor is None:
                node.remove_children()
            self.add_page(node, parent_id, page)
            if parent_id is not None and not page.items:
                node.allow_expand = False  # its children closed or moved since the parent was listed
        if node.is_root and cursor is None and node.children:
            self.org_tree.move_cursor(node.children[0])

    @on(Tree.NodeExpanded, "#org-tree")
    def expanded(self, event: Tree.NodeExpanded[NodeData]) -> None:
        org = event.node.data
        if isinstance(org, Org) and org.id not in self.loaded:
            self.loaded.add(org.id)
            event.node.add_leaf(ui.APP_LOADING(), data=None)
            self.load_level(event.node, org.id, None)

    @on(Tree.NodeSelected, "#org-tree")
    def selected(self, event: Tree.NodeSelected[NodeData]) -> None:
        more = event.node.data
        if isinstance(more, More):
            parent = event.node.parent or self.org_tree.root
            event.node.set_label(ui.APP_LOADING())
            event.node.data = None
            self.load_more(parent, event.node, more)

    @work(group="org-children", exit_on_error=False)
    async def load_more(self, parent: TreeNode[NodeData], leaf: TreeNode[NodeData], more: More) -> None:
        api = OrgsApi.of(self.app)
        page = await (
            api.roots(more.cursor, limit=PAGE)
            if more.parent_id is None
            else api.children(more.parent_id, more.cursor, limit=PAGE)
        )
        with self.app.batch_update():
            leaf.remove()
            self.add_page(parent, more.parent_id, page)

    @on(Tree.NodeHighlighted, "#org-tree")
    def highlighted(self, event: Tree.NodeHighlighted[NodeData]) -> None:
        org = event.node.data
        if isinstance(org, Org):
            self.current = org
            self.query_one("#org-detail", Static).update(org_fields(org))
            self.load_detail(org.id)

    @work(exclusive=True, group="org-detail", exit_on_error=False)
    async def load_detail(self, org_id: int) -> None:
        api = OrgsApi.of(self.app)
        org = await api.org(org_id)
        path = await api.ancestors(org_id)
        if self.current is not None and self.current.id == org_id:
            self.current = org
            self.query_one("#org-detail", Static).update(org_fields(org, path))

    def action_new(self) -> None:
        """A new org under the one highlighted (at the top when the tree is empty)."""
        from tui.screens.orgs.forms import NewOrgModal

        self.app.push_screen(NewOrgModal(self.current), self.org_saved(CREATED))

    def action_change(self) -> None:
        from tui.screens.orgs.forms import ChangeOrgModal

        if self.current is None:
            self.notify(lbl.TREE_NONE_SELECTED(), severity="warning", markup=False)
            return
        self.app.push_screen(ChangeOrgModal(self.current), self.org_saved(SAVED))

    def org_saved(self, said: L) -> Callable[[Org | None], None]:
        def done(org: Org | None) -> None:
            if org is not None:
                self.notify(said(name=org.name), markup=False)
                self.action_refresh()

        return done

    def action_members(self) -> None:
        """The members of the org under the cursor and of every union below it."""
        from tui.screens.orgs.members import MembersScreen

        if self.current is None:
            self.notify(lbl.TREE_NONE_SELECTED(), severity="warning", markup=False)
            return
        app = self.app
        app.current_area = "orgs.members"
        app.navigate(app.show(MembersScreen(org=self.current)))
