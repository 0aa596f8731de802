# Malformed --jsonl lines get exactly one line back, with the reason.
>> not json at all
error: not valid JSON
> {"user":"u1"}
error: exactly one of "text" and "button"
> {"user":"u1","text":"hi","colour":"red"}
error: unknown key "colour"
> {"text":"/start"}
error: "user" is required
> {"user":"u1","text":"/start","chat_type":"channel"}
error: "chat_type" must be
> {"user":"u7","chat_type":"group","text":"/help"}
error: "chat" is required for a group message
# After errors, the conversation carries on.
> u1: /start
< Xin chào
