# Tickets: the citizen may choose to give the member who took her ticket her phone
# number (a button, off unless she presses, said plainly); it goes privately to that
# member only, never to the group. A member writing plain text in the group while
# holding a ticket is told once how to answer. Both sides can close with a button.
> {"user":"m1","name":"Lò Văn A","chat":"g1","chat_type":"group","chat_title":"Tổ CNSCĐ-Xã Thuận Châu","text":"Chào cả tổ"}
< Đã liên kết nhóm này với Tổ CNSCĐ xã Thuận Châu

> {"user":"u1","name":"Bà Lan","text":"/start"}
< Xin chào Bà Lan! 👋
> u1 button: menu:team
< Bạn ở xã, phường nào?
> u1: thuan chau
< Nơi ở: xã Thuận Châu, Sơn La
> u1: Máy tôi không vào được VNeID, gọi tôi số 0912345678 nhé
< Tổ sẽ thấy tên bạn là: Bà Lan
> u1 button: tk:own
replies: 2
< 🆘 Yêu cầu hỗ trợ HT1
< Số điện thoại trong tin đã được che
< Xong việc
! 0912345678
payloads: tk:claim:1 | tk:close

# Taken: the citizen is told plainly she may send her number, nothing is sent unless she does.
> {"user":"m1","name":"Lò Văn A","chat":"g1","chat_type":"group","chat_title":"Tổ CNSCĐ-Xã Thuận Châu","button":"tk:claim:1"}
replies: 2
< ✅ Lò Văn A đã nhận HT1.
< số chỉ gửi riêng cho Lò Văn A, không gửi vào nhóm
< Không bấm thì số của bạn không được gửi đi
payloads: tk:end:1 | tk:phone:1 | tk:close

# The member writes a plain message in the group: one hint, in the group (no private chat yet).
> {"user":"m1","name":"Lò Văn A","chat":"g1","chat_type":"group","chat_title":"Tổ CNSCĐ-Xã Thuận Châu","text":"Để tôi xem bà ấy cần gì"}
< tin thường trong nhóm không tới người dân
< reply tin của HT1
chat: g1
> {"user":"m1","name":"Lò Văn A","chat":"g1","chat_type":"group","chat_title":"Tổ CNSCĐ-Xã Thuận Châu","text":"Mọi người ăn cơm chưa"}
no reply

# She chooses to send her number, but the member has no private chat with the bot yet:
# nothing is sent, the group is asked for that without the number.
> u1 button: tk:phone:1
< chỉ gửi riêng cho Lò Văn A, không gửi vào nhóm
> u1: 0912 345 678
< chưa nhắn riêng với trợ lý
< muốn gửi số điện thoại riêng cho bạn
! 0912
! 345 678
replies: 2

# Once the member has written to the bot privately, the number goes to them alone.
> {"user":"m1","name":"Lò Văn A","text":"chào em"}
< Chào bạn
> u1 button: tk:phone:1
< 📞 Bạn gõ số điện thoại muốn Lò Văn A gọi
> u1: 0912 345 678
< gửi riêng số điện thoại để bạn gọi lại: 0912345678
< Đã gửi số của bạn riêng cho Lò Văn A
replies: 2

# A wrong number is asked again, never sent.
> u1 button: tk:phone:1
< 📞 Bạn gõ số điện thoại muốn Lò Văn A gọi
> u1: không nhớ số
< chưa đọc được số điện thoại
replies: 1

# The member answers by replying; the citizen closes with the button.
> u1: Cảm ơn anh
replies: 2
< Bà Lan (HT1): Cảm ơn anh
> u1 button: tk:close
replies: 2
< HT1: người dân đã kết thúc yêu cầu.
< Bạn thấy Tổ hỗ trợ thế nào?
