# "Nhờ Tổ CNSCĐ hỗ trợ": the commune asked once (then remembered, changeable), the
# question, the name the team sees (an alias here), the post in the commune's team
# group, a member takes it, answers relayed both ways, /xong and the rating; a
# commune without a team group gets the official numbers instead.
> {"user":"m1","name":"Lò Văn A","chat":"g1","chat_type":"group","chat_title":"Tổ CNSCĐ-Xã Thuận Châu","text":"Chào cả tổ"}
< Đã liên kết nhóm này với Tổ CNSCĐ xã Thuận Châu

> {"user":"u1","name":"Bà Lan","text":"/start"}
< Xin chào Bà Lan! 👋
> u1 button: menu:team
< Bạn ở xã, phường nào?
payloads: menu:home
> u1: thuan chau
< Nơi ở: xã Thuận Châu, Sơn La
< Đừng gửi mật khẩu, mã OTP
payloads: tk:commune | menu:home
> u1: Tôi quên mật khẩu VNeID, số tôi 0912345678
< Tổ sẽ thấy tên bạn là: Bà Lan
payloads: tk:own | tk:alias
> u1 button: tk:alias
< Bạn muốn Tổ gọi bạn là gì?
> u1: Bác Tư
< 🆘 Yêu cầu hỗ trợ HT1
< Người dân: Bác Tư
< Bấm "Nhận hỗ trợ" hoặc gõ /nhan HT1.
< Đã gửi yêu cầu HT1 tới Tổ CNSCĐ xã Thuận Châu
! 0912345678
! Bà Lan
< Số điện thoại trong tin đã được che
payloads: tk:claim:1 | tk:close
replies: 2

# A member takes it; the group and the citizen hear who.
> {"user":"m1","name":"Lò Văn A","chat":"g1","chat_type":"group","chat_title":"Tổ CNSCĐ-Xã Thuận Châu","button":"tk:claim:1"}
< ✅ Lò Văn A đã nhận HT1.
< Người hỗ trợ bạn: Lò Văn A.
replies: 2
> {"user":"m2","name":"Cầm Thị B","chat":"g1","chat_type":"group","chat_title":"Tổ CNSCĐ-Xã Thuận Châu","text":"/nhan HT1"}
< HT1 đã có Lò Văn A nhận.
chat: g1

# The helper answers privately with the code; the citizen answers back.
> {"user":"m1","name":"Lò Văn A","text":"HT1 Bác bấm Quên mật khẩu ở màn hình đăng nhập nhé"}
< Lò Văn A (Tổ CNSCĐ) trả lời HT1:
< Bác bấm Quên mật khẩu ở màn hình đăng nhập nhé
< Đã chuyển cho người dân (HT1).
replies: 2
> u1: Được rồi, cảm ơn con
< 💬 Bác Tư (HT1): Được rồi, cảm ơn con
< Đã gửi cho Tổ (HT1).
replies: 3

# The citizen ends it and rates it.
> u1: /xong
replies: 2
< HT1: người dân đã kết thúc yêu cầu.
< Bạn thấy Tổ hỗ trợ thế nào?
payloads: tk:rate:1:1 | tk:rate:1:2 | tk:rate:1:3 | tk:rate:1:4 | tk:rate:1:5
> u1 button: tk:rate:1:5
< Cảm ơn bạn đã đánh giá!
> u1: /xong
< Bạn không có yêu cầu hỗ trợ nào đang mở.

# The group's activity record counts it.
> {"user":"m1","name":"Lò Văn A","chat":"g1","chat_type":"group","chat_title":"Tổ CNSCĐ-Xã Thuận Châu","text":"/hoatdong"}
< Hỗ trợ người dân: 1 yêu cầu, 1 được nhận, 1 đã giải quyết.
< Đánh giá: 5.0/5 (1 lượt).

# Next time the commune is remembered; "Đổi xã" changes it. No team group there: official numbers.
> u1 button: menu:team
< Nơi ở: xã Thuận Châu, Sơn La
> u1 button: tk:commune
< Bạn ở xã, phường nào?
> u1: Đoàn Kết
< Tổ CNSCĐ xã Đoàn Kết chưa kết nối với trợ lý.
< Gọi tổng đài 1900 0368 (Bộ Công an)
< gọi 113
< nhắn 5656 hoặc gọi 156
payloads: tk:commune | menu:home
replies: 1

# Asked for her commune, she writes something else. A sentence that names no place is
# answered as any message (the question is not lost, nor read as a place name), and the
# prompt steps aside; a short unknown name is asked again.
> {"user":"u9","name":"Bà Sáu","text":"/start"}
< Xin chào Bà Sáu! 👋
> u9 button: menu:team
< Bạn ở xã, phường nào?
> u9: ngan hang goi bao ba doc ma otp de nhan qua tri an
! Mình chưa tìm thấy xã, phường
< OTP
> u9: cam on chau nhe
! Mình chưa tìm thấy xã, phường
> u9 button: menu:team
< Bạn ở xã, phường nào?
> u9: thuan chao
< Có phải bạn muốn nói
