# Turning warnings on for one's own commune, typed as people type it: inside a
# sentence, with the district that no longer exists, or under the wrong province.
# A sentence with "xã …" in it is taken and said back; a slip of the province is
# asked with the right unit as a button, never "not found".
> {"user":"u1","name":"Bác Tư","text":"/start"}
< Xin chào Bác Tư! 👋
> u1 button: bc:on
= Bạn ở xã, phường nào? Gõ tên xã và tỉnh, ví dụ: Thuận Châu, Sơn La.\nMình sẽ gửi cả cảnh báo riêng cho nơi bạn ở.
payloads: bc:gen | menu:home
> u1: cho toi nhan canh bao o xa chieng hac huyen yen chau
= ✅ Đã bật nhận cảnh báo lừa đảo. Bạn sẽ nhận cảnh báo của xã Chiềng Hặc, tỉnh Sơn La.\nMuốn tắt, gõ: /canhbao tat

# Her son lives in Chiềng Sinh but puts the wrong province: Chiềng Sinh of Sơn La
# first, then the names near it in Lào Cai.
> {"user":"u2","name":"Anh Ba","text":"/canhbao bat chieng sinh, lao cai"}
< Ở tỉnh Lào Cai không có xã, phường tên "chieng sinh". Có phải bạn muốn nói:
payloads: bc:on:03679 | bc:on:03091 | bc:on:04660 | bc:on:04699
> u2 button: bc:on:03679
< Bạn sẽ nhận cảnh báo của phường Chiềng Sinh, tỉnh Sơn La.

# A name without "xã" inside a sentence is offered, not taken.
> u1 button: bc:on
< Bạn sẽ nhận cảnh báo của xã Chiềng Hặc
> {"user":"u3","name":"Chị Hoa","text":"/canhbao bat nhà em ở Chiềng Hặc ạ"}
< Bấm để xác nhận:
payloads: bc:on:04078

# Asked for her place, she thanks instead: answered as any message, not "not found".
> {"user":"u4","name":"Bà Bảy","text":"/start"}
< Xin chào Bà Bảy! 👋
> u4 button: bc:on
< Bạn ở xã, phường nào?
> u4: vang cam on chau nhieu nhe
! Mình chưa tìm thấy xã, phường
