"""The bot channel's part of the message catalogue (see `server/messages.py`): the errors an
officer or an admin reads when they issue link codes, set the token, or Telegram calls in.
(What the bot says in chats is gettext, in `server/bot/locales/`.)"""

from server.messages import Msg

NO_SUCH_MEMBER = Msg("bot.no_such_member", "会员 #{member} 不存在", "no member {member}")
LINK_CODE_INVALID = Msg("link_code_invalid", "绑定码无效、已使用或已过期", "the code is unknown, used or expired")
NOT_A_TOKEN = Msg(
    "bot.not_a_token",
    "不是机器人令牌（应为 BotFather 给出的“数字:密钥”）",
    "is not a bot token (digits:secret, as BotFather gives it)",
)
TOKEN_REFUSED = Msg("bot.token_refused", "Telegram 拒绝了该令牌（{reason}）", "Telegram refused the token ({reason})")
NOT_CONFIGURED = Msg("bot_not_configured", "本单位尚未配置机器人", "no bot is configured for this tenant")
SECRET_INVALID = Msg("telegram_secret_invalid", "Telegram 密钥令牌错误或缺失", "wrong or missing Telegram secret token")
NOT_JSON = Msg("bot.not_json", "不是 JSON 格式的更新", "is not a JSON update")
NO_UPDATE_ID = Msg("bot.no_update_id", "更新须带整数 update_id", "an update needs an integer update_id")
NOT_THE_FAKE = Msg(
    "bot.not_the_fake",
    "{url} 不是模拟 Bot API，无法扮演职工（saishang up 会启动一个模拟 Bot API）",
    "{url} is not the fake Bot API, so no worker can be played on it (saishang up starts one)",
)
NO_SUCH_BUTTON = Msg(
    "bot.no_such_button",
    "聊天中没有按钮“{label}”；最后一条消息的按钮：{buttons}",
    "no message in the chat has a button '{label}'; the last message's buttons: {buttons}",
)


# --- `saishang bot ...` (and `voice link-code`): their lines, in the CLI's language ------------

CLI_LINK_CODE = Msg(
    "bot.cli.link_code",
    "会员 {member} 的绑定码：{code}（有效期至 {until} UTC）",
    "code for member {member}: {code} (valid until {until} UTC)",
)
CLI_BOT_SET = Msg(
    "bot.cli.bot_set", "已为 {tenant} 设置机器人 @{username}（{hint}）", "bot @{username} ({hint}) set for {tenant}"
)
CLI_POLLING = Msg(
    "bot.cli.polling", "正在为 {tenant} 轮询 {url}；按 Ctrl-C 停止", "polling {url} for tenant {tenant}; Ctrl-C stops"
)
CLI_UPDATE = Msg("bot.cli.update", "收到更新 {update}", "update {update}")


# --- the activity log's kinds (`activity.<kind>`): each entry's words in the log -----------

ACTIVITY_BOT_CONFIGURED = Msg("activity.bot.configured", "配置机器人", "bot configured")
ACTIVITY_BOT_LINK_CODE_ISSUED = Msg("activity.bot.link_code.issued", "发放绑定码", "link code issued")
ACTIVITY_BOT_TELEGRAM_LINKED = Msg(
    "activity.bot.telegram.linked", "职工绑定Telegram", "worker linked their Telegram chat"
)
