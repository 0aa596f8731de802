# A commune team's group: linked from its title on the first message, a leader's
# report understood, confirmed, corrected; totals, ranking and activity.
> {"user":"u7","name":"Lò Văn A","chat":"g1","chat_type":"group","chat_title":"Tổ CNSCĐ-Xã Thuận Châu","text":"Chào cả tổ, từ nay báo cáo qua trợ lý nhé"}
< Đã liên kết nhóm này với Tổ CNSCĐ xã Thuận Châu, tỉnh Sơn La
chat: g1
replies: 1

# Ordinary chatter is not answered.
> {"user":"u8","name":"Cầm Thị B","chat":"g1","chat_type":"group","chat_title":"Tổ CNSCĐ-Xã Thuận Châu","text":"Vâng ạ"}
no reply

> {"user":"u7","name":"Lò Văn A","chat":"g1","chat_type":"group","chat_title":"Tổ CNSCĐ-Xã Thuận Châu","text":"#baocao Bản Mòng: hướng dẫn 25 người, hai buổi, kích hoạt VNeID 10, DVC 5, hỗ trợ 3 phản ánh, nuôi 7 con gà"}
< Báo cáo số 1 — xã Thuận Châu
< Bản Mòng:
< • «hướng dẫn 25 người» → Người dân được hướng dẫn: 25
< • «hai buổi» → Buổi hướng dẫn đã tổ chức: 2
< • «kích hoạt VNeID 10» → Kích hoạt VNeID mức 2: 10
< • «DVC 5» → Hồ sơ dịch vụ công trực tuyến: 5
< • «3 phản ánh» → Vướng mắc, phản ánh được giải quyết: 3
< Chưa đọc được: «nuôi 7 con gà»
< Phần chưa đọc được sẽ KHÔNG được tính cho đến khi sửa
< Tin không ghi kỳ nên tính vào quý
buttons: ✅ Đúng | ✏️ Sửa | ❌ Hủy
payloads: rp:ok:1 | rp:fix:1 | rp:del:1

# Someone else cannot confirm it; its author can.
> {"user":"u8","name":"Cầm Thị B","chat":"g1","chat_type":"group","chat_title":"Tổ CNSCĐ-Xã Thuận Châu","button":"rp:ok:1"}
< Chỉ người gửi báo cáo, tổ trưởng
> {"user":"u7","name":"Lò Văn A","chat":"g1","chat_type":"group","chat_title":"Tổ CNSCĐ-Xã Thuận Châu","button":"rp:ok:1"}
< Đã ghi nhận báo cáo số 1

> {"user":"u7","name":"Lò Văn A","chat":"g1","chat_type":"group","chat_title":"Tổ CNSCĐ-Xã Thuận Châu","button":"rp:fix:1"}
< /suabaocao 1
> {"user":"u7","name":"Lò Văn A","chat":"g1","chat_type":"group","chat_title":"Tổ CNSCĐ-Xã Thuận Châu","text":"/suabaocao 1 huongdan=30"}
< Đã sửa báo cáo số 1
< Người dân được hướng dẫn: 30
replies: 1

# Privacy mode: the command form carries everything, without diacritics too.
> {"user":"u7","name":"Lò Văn A","chat":"g1","chat_type":"group","chat_title":"Tổ CNSCĐ-Xã Thuận Châu","text":"/baocao ban Hua La thang 11: HD 12 nguoi dan, to chuc 1 lop"}
< Báo cáo số 2 — xã Thuận Châu, Sơn La, tháng 11
< Bản Hua La:
< • «HD 12 nguoi» → Người dân được hướng dẫn: 12
< • «1 lop» → Buổi hướng dẫn đã tổ chức: 1
! Tin không ghi kỳ

> {"user":"u7","name":"Lò Văn A","chat":"g1","chat_type":"group","chat_title":"Tổ CNSCĐ-Xã Thuận Châu","text":"/huybaocao 2"}
< Đã hủy báo cáo số 2

> {"user":"u7","name":"Lò Văn A","chat":"g1","chat_type":"group","chat_title":"Tổ CNSCĐ-Xã Thuận Châu","text":"/tongket"}
< Tổng kết quý
< • Người dân được hướng dẫn: 30 (chưa có chỉ tiêu)
< Chưa có chỉ tiêu cho kỳ này.

# Only an officer sets targets.
> {"user":"u7","name":"Lò Văn A","chat":"g1","chat_type":"group","chat_title":"Tổ CNSCĐ-Xã Thuận Châu","text":"/chitieu huongdan=100"}
< Chỉ cán bộ phụ trách mới đặt được chỉ tiêu.

> {"user":"u7","name":"Lò Văn A","chat":"g1","chat_type":"group","chat_title":"Tổ CNSCĐ-Xã Thuận Châu","text":"/xephang"}
< Xếp hạng quý
< Đã báo cáo: xã Thuận Châu.

> {"user":"u7","name":"Lò Văn A","chat":"g1","chat_type":"group","chat_title":"Tổ CNSCĐ-Xã Thuận Châu","text":"/hoatdong"}
< 2 người hoạt động
< • Lò Văn A:
< • Cầm Thị B:
! u7
! u8

> {"user":"u7","name":"Lò Văn A","chat":"g1","chat_type":"group","chat_title":"Tổ CNSCĐ-Xã Thuận Châu","text":"/maubaocao"}
< #baocao Bản Mòng quý 4
< • vneid: Kích hoạt VNeID mức 2

# A group whose name is not in the list is asked, once: a button for each unit near
# the name (a typo is never linked silently).
> {"user":"u9","chat":"g2","chat_type":"group","chat_title":"To CNSCD - Xa Thuan Chao","text":"hi"}
< Có phải bạn muốn nói
< /lienket
payloads: groups:link:03721
> {"user":"u9","chat":"g2","chat_type":"group","chat_title":"To CNSCD - Xa Thuan Chao","text":"hi again"}
no reply
> {"user":"u9","chat":"g2","chat_type":"group","chat_title":"To CNSCD - Xa Thuan Chao","text":"/baocao hd 5"}
< chưa liên kết

# One tap on the choice the title offers links the group, and says to which unit.
> {"user":"u9","chat":"g2","chat_type":"group","chat_title":"To CNSCD - Xa Thuan Chao","button":"groups:link:03721"}
< Đã liên kết nhóm này với Tổ CNSCĐ xã Thuận Châu, tỉnh Sơn La

# "Xã" written for a phường: linked, and the reply says what the unit really is.
> {"user":"u5","chat":"g3","chat_type":"group","chat_title":"Tổ CNSCĐ-Xã Chiềng An","text":"Chào tổ"}
< Đã liên kết nhóm này với Tổ CNSCĐ phường Chiềng An, tỉnh Sơn La
< Lưu ý: Chiềng An là phường, không phải xã.

# A former commune asks, saying where it is now.
> {"user":"u6","chat":"g4","chat_type":"group","chat_title":"Tổ CNSCĐ - xa Chieng Xom","text":"Chào tổ"}
< xã Chiềng Xôm nay thuộc phường Chiềng An, Sơn La.
payloads: groups:link:03664

# A leader in a hurry shortens "báo cáo" to "bc:". The colon makes it a report (plain
# "bc" in chatter does not), read and offered for confirmation like any other.
> {"user":"u5","chat":"g3","chat_type":"group","chat_title":"Tổ CNSCĐ-Xã Chiềng An","text":"bc: hd 20 ng, kich hoat vneid 7"}
< Báo cáo số
< «hd 20» → Người dân được hướng dẫn: 20
< → Kích hoạt VNeID mức 2: 7
buttons: ✅ Đúng | ✏️ Sửa | ❌ Hủy
> {"user":"u5","chat":"g3","chat_type":"group","chat_title":"Tổ CNSCĐ-Xã Chiềng An","text":"bc ok mai gui"}
no reply

# Installs and level-1 accounts are not the level-2 indicator: that piece is not
# counted, the leader is told what the indicator counts, and the rest is read.
> {"user":"u5","chat":"g3","chat_type":"group","chat_title":"Tổ CNSCĐ-Xã Chiềng An","text":"bc: hd 30 ng, cai vneid cho 12 nguoi"}
< «hd 30» → Người dân được hướng dẫn: 30
< Chưa đọc được: «cai vneid cho 12 nguoi»
< ℹ️ Kích hoạt VNeID mức 2: chỉ tính tài khoản mức 2 đã kích hoạt
! Kích hoạt VNeID mức 2: 12
> {"user":"u5","chat":"g3","chat_type":"group","chat_title":"Tổ CNSCĐ-Xã Chiềng An","text":"#baocao định danh mức 1: 9"}
< Mình chưa đọc được số liệu nào
< ℹ️ Kích hoạt VNeID mức 2: chỉ tính tài khoản mức 2 đã kích hoạt
