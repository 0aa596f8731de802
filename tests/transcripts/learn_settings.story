# /ontap (daily review on/off, accents optional), /ngonngu (English, with fallback to vi).
> u1: /ontap
< Ôn tập mỗi ngày: đang tắt.
< khoảng 19 giờ
> u1: /ontap bật
< Đã bật ôn tập.
> u1: /ontap
< đang bật
> u1: /ontap tat
< Đã tắt ôn tập.

> u1: /ngonngu
< Choose a language
buttons: English | Tiếng Việt
> u1 press: English
< Switched to English
> u1 button: learn:scams
< Golden rules
buttons: Next ▶️ | 🔄 Start over | ↩️ Back to menu
# Not translated yet: the lesson in Vietnamese, the bot's words in English.
> u1 button: learn:dvc-portal
< Cổng Dịch vụ công quốc gia là dichvucong.gov.vn
buttons: Next ▶️ | 🔄 Start over | ↩️ Back to menu
> u1: /tiendo
< Your learning progress
> u1: /ngonngu
< Chọn ngôn ngữ / Choose a language:
> u1 press: Tiếng Việt
< Đã chuyển sang tiếng Việt.
