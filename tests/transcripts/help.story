# /help in a private chat and in a team group; groups are not spammed.
> u1: /help
< Cách dùng trợ lý
< /menu
< không bao giờ hỏi mật khẩu
buttons: ↩️ Về menu

> {"user":"u7","name":"Lò Văn A","chat":"g1","chat_type":"group","chat_title":"Tổ CNSCĐ-Xã Thuận Châu","text":"/help"}
replies: 2
< Trợ lý của Tổ công nghệ số cộng đồng
chat: g1

> {"user":"u7","name":"Lò Văn A","chat":"g1","chat_type":"group","chat_title":"Tổ CNSCĐ-Xã Thuận Châu","text":"/help@HocVuSoBot"}
< Trợ lý của Tổ công nghệ số cộng đồng

# /start, the first thing typed after adding the bot to a group: the group's help, not
# the citizen's menu of lessons and quizzes.
> {"user":"u7","name":"Lò Văn A","chat":"g1","chat_type":"group","text":"/start"}
< Trợ lý của Tổ công nghệ số cộng đồng
! Xin chào
! Học kỹ năng số
chat: g1

# Ordinary group chatter and commands meant for other bots get no answer.
> {"user":"u7","chat":"g1","chat_type":"group","text":"Chào cả nhà, chiều nay họp tổ nhé"}
no reply
> {"user":"u7","chat":"g1","chat_type":"group","text":"/weather"}
no reply

> {"user":"u7","chat":"g1","chat_type":"group","text":"/menu"}
< Menu chính
chat: g1
