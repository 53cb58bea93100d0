"""Every action the application writes to the audit log has a name on the admin's audit page
(and so a place in its action filter), in both languages."""
import re
from pathlib import Path

from mrejesho.staff.admin.audit_filters import ACTIONS

ROOT = Path(__file__).resolve().parent.parent
RECORDED = re.compile(r'\brecord(?:_now)?\(\s*(?:"([a-z_]+\.[a-z_]+)"|([A-Z_]+)\b)')
# The API's audit("listed") and _apply(..., "noted") name actions under "api_key.".
API_ACTION = re.compile(r'\baudit\(\s*"([a-z_]+)"|_apply\([^\n]*?"([a-z_]+)"\)|^\s+"([a-z_]+)"\)$',
                        re.MULTILINE)


def recorded_actions() -> set[str]:
    found = set()
    for path in ROOT.glob("mrejesho/**/*.py"):
        text = path.read_text(encoding="utf-8")
        for action, constant in RECORDED.findall(text):
            if constant:  # record(VIEW, ...): the module's VIEW = "case.view"
                action = re.search(rf'^{constant} = "([^"]+)"', text, re.MULTILINE).group(1)
            found.add(action)
    for name in ("v1_queue.py", "v1_actions.py"):
        text = (ROOT / "mrejesho" / "api" / name).read_text(encoding="utf-8")
        found |= {"api_key." + next(g for g in groups if g)
                  for groups in API_ACTION.findall(text)}
    return found


def test_every_recorded_action_has_a_name_on_the_audit_page():
    actions = recorded_actions()
    assert {"case.view", "phone.reveal", "retention.run", "api_key.noted"} <= actions
    assert sorted(actions - set(ACTIONS)) == []
