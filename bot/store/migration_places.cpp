// Migration 7 (issue 14): every stored place becomes the official code of its xã or
// phường and the id of its province. Until now subscriptions, API tokens and
// broadcasts kept folded names as typed ("thuan chau", "son la", "son-la"), and
// groups, roles, reports, targets and tickets kept folded slugs of the 15 Sơn La
// units then listed ("thuan-chau"). The table of 2025 names below is a frozen copy
// of content/places at the time of this migration (432 units), so the migration
// does the same on every database whatever content is installed later.
//
// It fails closed: a name that is not exactly one current unit (a typo, a former
// commune, a name shared by several units, an unknown province) is never widened
// to "everywhere" (an empty province in a grant means everywhere):
//   role_grants, broadcast_officers  -> the grant is removed;
//   broadcast_tokens                 -> the token is revoked;
//   broadcast_subscriptions          -> turned off, its place cleared;
//   group_links                      -> unlinked, its title read again on the next message;
//   reports, targets, tickets, broadcasts -> kept as they were (they match no unit).
// Each is listed in place_set_aside (`hocvuso users list`, and a warning at start-up).
#include "bot/store/migration_places.hpp"

namespace hocvuso {

namespace {

constexpr std::string_view kSql = R"sql(
-- What the move to official codes could not map, and what was done about it.
CREATE TABLE place_set_aside (
  id       INTEGER PRIMARY KEY AUTOINCREMENT,
  kind     TEXT NOT NULL,   -- role, officer, token, subscription, group, reports, targets, tickets, broadcast
  ref      TEXT NOT NULL,   -- which row ("telegram:42 officer", "token 3", "zalo:abc", "12 rows")
  province TEXT NOT NULL,   -- as stored before
  commune  TEXT NOT NULL,
  action   TEXT NOT NULL,   -- removed, revoked, unsubscribed, unlinked, kept
  at       INTEGER NOT NULL,
  logged   INTEGER NOT NULL DEFAULT 0  -- 1 once the service has logged it
);

CREATE TEMP TABLE place_units_2025 (province TEXT NOT NULL, code TEXT NOT NULL, key TEXT NOT NULL);
INSERT INTO place_units_2025 (province, code, key) VALUES
('son-la','03646','to hieu'),
('son-la','03664','chieng an'),
('son-la','03670','chieng coi'),
('son-la','03679','chieng sinh'),
('son-la','03980','moc chau'),
('son-la','03979','moc son'),
('son-la','04033','van son'),
('son-la','03982','thao nguyen'),
('son-la','04000','doan ket'),
('son-la','04045','long sap'),
('son-la','03985','chieng son'),
('son-la','04048','van ho'),
('son-la','04006','song khua'),
('son-la','04018','to mua'),
('son-la','04057','xuan nha'),
('son-la','03703','quynh nhai'),
('son-la','03688','muong chien'),
('son-la','03694','muong gion'),
('son-la','03712','muong sai'),
('son-la','03721','thuan chau'),
('son-la','03754','chieng la'),
('son-la','03784','nam lau'),
('son-la','03799','muoi noi'),
('son-la','03757','muong khieng'),
('son-la','03781','co ma'),
('son-la','03724','binh thuan'),
('son-la','03727','muong e'),
('son-la','03763','long he'),
('son-la','03808','muong la'),
('son-la','03814','chieng lao'),
('son-la','03847','muong bu'),
('son-la','03850','chieng hoa'),
('son-la','03856','bac yen'),
('son-la','03868','ta xua'),
('son-la','03880','ta khoa'),
('son-la','03862','xim vang'),
('son-la','03871','pac nga'),
('son-la','03892','chieng sai'),
('son-la','03910','phu yen'),
('son-la','03922','gia phu'),
('son-la','03958','tuong ha'),
('son-la','03907','muong coi'),
('son-la','03943','muong bang'),
('son-la','03970','tan phong'),
('son-la','03961','kim bon'),
('son-la','04075','yen chau'),
('son-la','04078','chieng hac'),
('son-la','04096','long phieng'),
('son-la','04087','yen son'),
('son-la','04132','chieng mai'),
('son-la','04105','mai son'),
('son-la','04159','phieng pan'),
('son-la','04123','chieng mung'),
('son-la','04144','phieng cam'),
('son-la','04117','muong chanh'),
('son-la','04136','ta hoc'),
('son-la','04108','chieng sung'),
('son-la','04171','bo sinh'),
('son-la','04222','chieng khuong'),
('son-la','04219','muong hung'),
('son-la','04204','chieng khoong'),
('son-la','04183','muong lam'),
('son-la','04186','nam ty'),
('son-la','04168','song ma'),
('son-la','04210','huoi mot'),
('son-la','04195','chieng so'),
('son-la','04231','sop cop'),
('son-la','04228','pung banh'),
('son-la','03997','tan yen'),
('son-la','03760','muong bam'),
('son-la','03820','ngoc chien'),
('son-la','03901','suoi to'),
('son-la','04099','phieng khoai'),
('son-la','04246','muong lan'),
('son-la','04240','muong leo'),
('lao-cai','04465','khao mang'),
('lao-cai','04456','mu cang chai'),
('lao-cai','04492','pung luong'),
('lao-cai','04630','tu le'),
('lao-cai','04606','tram tau'),
('lao-cai','04585','hanh phuc'),
('lao-cai','04609','phinh ho'),
('lao-cai','04288','nghia lo'),
('lao-cai','04663','trung tam'),
('lao-cai','04681','cau thia'),
('lao-cai','04660','lien son'),
('lao-cai','04636','gia hoi'),
('lao-cai','04651','son luong'),
('lao-cai','04705','thuong bang la'),
('lao-cai','04699','chan thinh'),
('lao-cai','04711','nghia tam'),
('lao-cai','04672','van chan'),
('lao-cai','04402','phong du ha'),
('lao-cai','04387','chau que'),
('lao-cai','04381','lam giang'),
('lao-cai','04399','dong cuong'),
('lao-cai','04429','tan hop'),
('lao-cai','04375','mau a'),
('lao-cai','04441','xuan ai'),
('lao-cai','04450','mo vang'),
('lao-cai','04309','lam thuong'),
('lao-cai','04303','luc yen'),
('lao-cai','04336','tan linh'),
('lao-cai','04342','khanh hoa'),
('lao-cai','04363','phuc loi'),
('lao-cai','04345','muong lai'),
('lao-cai','04726','cam nhan'),
('lao-cai','04744','yen thanh'),
('lao-cai','04717','thac ba'),
('lao-cai','04714','yen binh'),
('lao-cai','04750','bao ai'),
('lao-cai','04279','van phu'),
('lao-cai','04252','yen bai'),
('lao-cai','04273','nam cuong'),
('lao-cai','04543','au lau'),
('lao-cai','04498','tran yen'),
('lao-cai','04576','hung khanh'),
('lao-cai','04537','luong thinh'),
('lao-cai','04564','viet hong'),
('lao-cai','04531','quy mong'),
('lao-cai','02902','phong hai'),
('lao-cai','02926','xuan quang'),
('lao-cai','02905','bao thang'),
('lao-cai','02908','tang loong'),
('lao-cai','02923','gia phu'),
('lao-cai','02746','coc san'),
('lao-cai','02680','hop thanh'),
('lao-cai','02671','cam duong'),
('lao-cai','02647','lao cai'),
('lao-cai','02728','muong hum'),
('lao-cai','02707','den sang'),
('lao-cai','02701','y ty'),
('lao-cai','02686','a mu sung'),
('lao-cai','02695','trinh tuong'),
('lao-cai','02725','ban xeo'),
('lao-cai','02683','bat xat'),
('lao-cai','02953','nghia do'),
('lao-cai','02968','thuong ha'),
('lao-cai','02947','bao yen'),
('lao-cai','02962','xuan hoa'),
('lao-cai','02998','phuc khanh'),
('lao-cai','02989','bao ha'),
('lao-cai','03061','vo lao'),
('lao-cai','03103','khanh yen'),
('lao-cai','03082','van ban'),
('lao-cai','03106','duong quy'),
('lao-cai','03091','chieng ken'),
('lao-cai','03121','minh luong'),
('lao-cai','03076','nam chay'),
('lao-cai','03043','muong bo'),
('lao-cai','03046','ban ho'),
('lao-cai','03013','ta phin'),
('lao-cai','03037','ta van'),
('lao-cai','03006','sa pa'),
('lao-cai','02896','coc lau'),
('lao-cai','02890','bao nhai'),
('lao-cai','02869','ban lien'),
('lao-cai','02839','bac ha'),
('lao-cai','02842','ta cu ty'),
('lao-cai','02848','lung phinh'),
('lao-cai','02752','pha long'),
('lao-cai','02761','muong khuong'),
('lao-cai','02788','ban lau'),
('lao-cai','02782','cao son'),
('lao-cai','02809','si ma cai'),
('lao-cai','02824','sin cheng'),
('lao-cai','04474','lao chai'),
('lao-cai','04489','che tao'),
('lao-cai','04462','nam co'),
('lao-cai','04603','ta xi lang'),
('lao-cai','04423','phong du thuong'),
('lao-cai','04693','cat thinh'),
('lao-cai','03085','nam xe'),
('lao-cai','03004','ngu chi son'),
('thai-nguyen','05443','phan dinh phung'),
('thai-nguyen','05710','linh son'),
('thai-nguyen','05500','tich luong'),
('thai-nguyen','05467','gia sang'),
('thai-nguyen','05455','quyet thang'),
('thai-nguyen','05482','quan trieu'),
('thai-nguyen','05503','tan cuong'),
('thai-nguyen','05488','dai phuc'),
('thai-nguyen','05830','dai tu'),
('thai-nguyen','05776','duc luong'),
('thai-nguyen','05800','phu thinh'),
('thai-nguyen','05818','la bang'),
('thai-nguyen','05788','phu lac'),
('thai-nguyen','05809','an khanh'),
('thai-nguyen','05851','quan chu'),
('thai-nguyen','05845','van phu'),
('thai-nguyen','05773','phu xuyen'),
('thai-nguyen','05860','pho yen'),
('thai-nguyen','05890','van xuan'),
('thai-nguyen','05899','trung thanh'),
('thai-nguyen','05857','phuc thuan'),
('thai-nguyen','05881','thanh cong'),
('thai-nguyen','05908','phu binh'),
('thai-nguyen','05923','tan thanh'),
('thai-nguyen','05941','diem thuy'),
('thai-nguyen','05953','kha son'),
('thai-nguyen','05917','tan khanh'),
('thai-nguyen','05692','dong hy'),
('thai-nguyen','05674','quang son'),
('thai-nguyen','05662','trai cau'),
('thai-nguyen','05707','nam hoa'),
('thai-nguyen','05680','van han'),
('thai-nguyen','05665','van lang'),
('thai-nguyen','05518','song cong'),
('thai-nguyen','05533','ba xuyen'),
('thai-nguyen','05528','bach quang'),
('thai-nguyen','05611','phu luong'),
('thai-nguyen','05641','vo tranh'),
('thai-nguyen','05620','yen trach'),
('thai-nguyen','05632','hop thanh'),
('thai-nguyen','05569','dinh hoa'),
('thai-nguyen','05587','binh yen'),
('thai-nguyen','05581','trung hoi'),
('thai-nguyen','05563','phuong tien'),
('thai-nguyen','05602','phu dinh'),
('thai-nguyen','05605','binh thanh'),
('thai-nguyen','05551','kim phuong'),
('thai-nguyen','05542','lam vy'),
('thai-nguyen','05716','vo nhai'),
('thai-nguyen','05719','sang moc'),
('thai-nguyen','05755','dan tien'),
('thai-nguyen','05722','nghinh tuong'),
('thai-nguyen','05725','than sa'),
('thai-nguyen','05740','la hien'),
('thai-nguyen','05746','trang xa'),
('thai-nguyen','01864','bang thanh'),
('thai-nguyen','01882','nghien loan'),
('thai-nguyen','01879','cao minh'),
('thai-nguyen','01906','ba be'),
('thai-nguyen','01912','cho ra'),
('thai-nguyen','01894','phuc loc'),
('thai-nguyen','01921','thuong minh'),
('thai-nguyen','01933','dong phuc'),
('thai-nguyen','02116','yen binh'),
('thai-nguyen','01942','bang van'),
('thai-nguyen','01954','ngan son'),
('thai-nguyen','01936','na phac'),
('thai-nguyen','01960','hiep luc'),
('thai-nguyen','02026','nam cuong'),
('thai-nguyen','02038','quang bach'),
('thai-nguyen','02044','yen thinh'),
('thai-nguyen','02020','cho don'),
('thai-nguyen','02083','yen phong'),
('thai-nguyen','02071','nghia ta'),
('thai-nguyen','01969','phu thong'),
('thai-nguyen','02008','cam giang'),
('thai-nguyen','01981','vinh thong'),
('thai-nguyen','02014','bach thong'),
('thai-nguyen','01849','phong quang'),
('thai-nguyen','01840','duc xuan'),
('thai-nguyen','01843','bac kan'),
('thai-nguyen','02143','van lang'),
('thai-nguyen','02152','cuong loi'),
('thai-nguyen','02155','na ri'),
('thai-nguyen','02176','tran phu'),
('thai-nguyen','02185','con minh'),
('thai-nguyen','02191','xuan duong'),
('thai-nguyen','02104','tan ky'),
('thai-nguyen','02101','thanh mai'),
('thai-nguyen','02107','thanh thinh'),
('thai-nguyen','02086','cho moi'),
('thai-nguyen','01957','thuong quan'),
('thanh-hoa','14797','hac thanh'),
('thanh-hoa','16522','quang phu'),
('thanh-hoa','16417','dong quang'),
('thanh-hoa','16378','dong son'),
('thanh-hoa','15853','dong tien'),
('thanh-hoa','14758','ham rong'),
('thanh-hoa','15925','nguyet vien'),
('thanh-hoa','16531','sam son'),
('thanh-hoa','16516','nam sam son'),
('thanh-hoa','14812','bim son'),
('thanh-hoa','14818','quang trung'),
('thanh-hoa','16576','ngoc son'),
('thanh-hoa','16594','tan dan'),
('thanh-hoa','16597','hai linh'),
('thanh-hoa','16561','tinh gia'),
('thanh-hoa','16609','dao duy tu'),
('thanh-hoa','16645','hai binh'),
('thanh-hoa','16624','truc lam'),
('thanh-hoa','16654','nghi son'),
('thanh-hoa','16591','cac son'),
('thanh-hoa','16636','truong lam'),
('thanh-hoa','15271','ha trung'),
('thanh-hoa','15316','tong son'),
('thanh-hoa','15274','ha long'),
('thanh-hoa','15286','hoat giang'),
('thanh-hoa','15298','linh toai'),
('thanh-hoa','16021','trieu loc'),
('thanh-hoa','16033','dong thanh'),
('thanh-hoa','16012','hau loc'),
('thanh-hoa','16072','hoa loc'),
('thanh-hoa','16078','van loc'),
('thanh-hoa','16093','nga son'),
('thanh-hoa','16114','nga thang'),
('thanh-hoa','16138','ho vuong'),
('thanh-hoa','16108','tan tien'),
('thanh-hoa','16144','nga an'),
('thanh-hoa','16171','ba dinh'),
('thanh-hoa','15865','hoang hoa'),
('thanh-hoa','15991','hoang tien'),
('thanh-hoa','16000','hoang thanh'),
('thanh-hoa','15961','hoang loc'),
('thanh-hoa','15976','hoang chau'),
('thanh-hoa','15910','hoang son'),
('thanh-hoa','15889','hoang phu'),
('thanh-hoa','15880','hoang giang'),
('thanh-hoa','16438','luu ve'),
('thanh-hoa','16480','quang yen'),
('thanh-hoa','16498','quang ngoc'),
('thanh-hoa','16540','quang ninh'),
('thanh-hoa','16543','quang binh'),
('thanh-hoa','16549','tien trang'),
('thanh-hoa','16489','quang chinh'),
('thanh-hoa','16279','nong cong'),
('thanh-hoa','16309','thang loi'),
('thanh-hoa','16297','trung chinh'),
('thanh-hoa','16348','truong van'),
('thanh-hoa','16342','thang binh'),
('thanh-hoa','16363','tuong linh'),
('thanh-hoa','16369','cong chinh'),
('thanh-hoa','15772','thieu hoa'),
('thanh-hoa','15796','thieu quang'),
('thanh-hoa','15778','thieu tien'),
('thanh-hoa','15820','thieu toan'),
('thanh-hoa','15835','thieu trung'),
('thanh-hoa','15469','yen dinh'),
('thanh-hoa','15421','yen truong'),
('thanh-hoa','15409','yen phu'),
('thanh-hoa','15412','quy loc'),
('thanh-hoa','15442','yen ninh'),
('thanh-hoa','15457','dinh tan'),
('thanh-hoa','15448','dinh hoa'),
('thanh-hoa','15499','tho xuan'),
('thanh-hoa','15505','tho long'),
('thanh-hoa','15520','xuan hoa'),
('thanh-hoa','15553','sao vang'),
('thanh-hoa','15544','lam son'),
('thanh-hoa','15568','tho lap'),
('thanh-hoa','15574','xuan tin'),
('thanh-hoa','15592','xuan lap'),
('thanh-hoa','15349','vinh loc'),
('thanh-hoa','15361','tay do'),
('thanh-hoa','15382','bien thuong'),
('thanh-hoa','15664','trieu son'),
('thanh-hoa','15667','tho binh'),
('thanh-hoa','15754','tho ngoc'),
('thanh-hoa','15763','tho phu'),
('thanh-hoa','15682','hop tien'),
('thanh-hoa','15766','an nong'),
('thanh-hoa','15715','tan ninh'),
('thanh-hoa','15724','dong tien'),
('thanh-hoa','14866','muong chanh'),
('thanh-hoa','14860','quang chieu'),
('thanh-hoa','14848','tam chung'),
('thanh-hoa','14845','muong lat'),
('thanh-hoa','14863','pu nhi'),
('thanh-hoa','14864','nhi son'),
('thanh-hoa','14854','muong ly'),
('thanh-hoa','14857','trung ly'),
('thanh-hoa','14869','hoi xuan'),
('thanh-hoa','14902','nam xuan'),
('thanh-hoa','14908','thien phu'),
('thanh-hoa','14896','hien kiet'),
('thanh-hoa','14890','phu xuan'),
('thanh-hoa','14878','phu le'),
('thanh-hoa','14872','trung thanh'),
('thanh-hoa','14875','trung son'),
('thanh-hoa','15013','na meo'),
('thanh-hoa','15010','son thuy'),
('thanh-hoa','15022','son dien'),
('thanh-hoa','15025','muong min'),
('thanh-hoa','15007','tam thanh'),
('thanh-hoa','15019','tam lu'),
('thanh-hoa','15016','quan son'),
('thanh-hoa','15001','trung ha'),
('thanh-hoa','15055','linh son'),
('thanh-hoa','15058','dong luong'),
('thanh-hoa','15049','van phu'),
('thanh-hoa','15043','giao an'),
('thanh-hoa','15031','yen khuong'),
('thanh-hoa','15034','yen thang'),
('thanh-hoa','14974','van nho'),
('thanh-hoa','14980','thiet ong'),
('thanh-hoa','14923','ba thuoc'),
('thanh-hoa','14959','co lung'),
('thanh-hoa','14956','pu luong'),
('thanh-hoa','14950','dien lu'),
('thanh-hoa','14932','dien quang'),
('thanh-hoa','14953','quy luong'),
('thanh-hoa','15061','ngoc lac'),
('thanh-hoa','15085','thach lap'),
('thanh-hoa','15091','ngoc lien'),
('thanh-hoa','15124','minh son'),
('thanh-hoa','15106','nguyet an'),
('thanh-hoa','15112','kien tho'),
('thanh-hoa','15142','cam thach'),
('thanh-hoa','15127','cam thuy'),
('thanh-hoa','15148','cam tu'),
('thanh-hoa','15163','cam van'),
('thanh-hoa','15178','cam tan'),
('thanh-hoa','15187','kim tan'),
('thanh-hoa','15190','van du'),
('thanh-hoa','15250','ngoc trao'),
('thanh-hoa','15211','thach binh'),
('thanh-hoa','15229','thanh vinh'),
('thanh-hoa','15199','thach quang'),
('thanh-hoa','16174','nhu xuan'),
('thanh-hoa','16225','thuong ninh'),
('thanh-hoa','16177','xuan binh'),
('thanh-hoa','16186','hoa quy'),
('thanh-hoa','16222','thanh quan'),
('thanh-hoa','16213','thanh phong'),
('thanh-hoa','16234','xuan du'),
('thanh-hoa','16249','mau lam'),
('thanh-hoa','16228','nhu thanh'),
('thanh-hoa','16264','yen tho'),
('thanh-hoa','16258','xuan thai'),
('thanh-hoa','16273','thanh ky'),
('thanh-hoa','15607','bat mot'),
('thanh-hoa','15610','yen nhan'),
('thanh-hoa','15628','luong son'),
('thanh-hoa','15646','thuong xuan'),
('thanh-hoa','15634','luan thanh'),
('thanh-hoa','15661','tan thanh'),
('thanh-hoa','15622','van xuan'),
('thanh-hoa','15643','thang loc'),
('thanh-hoa','15658','xuan chinh');
CREATE TEMP TABLE place_provinces_2025 (province TEXT NOT NULL, key TEXT NOT NULL);
INSERT INTO place_provinces_2025 (province, key) VALUES
('son-la','son la'),
('lao-cai','lao cai'),
('thai-nguyen','thai nguyen'),
('thanh-hoa','thanh hoa');

-- Every (province, commune) pair stored anywhere, normalised: lower case, '-' as ' ',
-- "tinh " dropped from provinces.
CREATE TEMP TABLE place_pairs AS
  SELECT province, commune FROM role_grants
  UNION SELECT province, commune FROM broadcast_officers
  UNION SELECT province, commune FROM broadcast_tokens
  UNION SELECT province, commune FROM broadcast_subscriptions
  UNION SELECT province, commune FROM group_links
  UNION SELECT province, commune FROM reports
  UNION SELECT province, commune FROM targets
  UNION SELECT province, commune FROM tickets
  UNION SELECT province, '' FROM broadcasts
  UNION SELECT b.province, j.value FROM broadcasts b, json_each(b.communes) j;
ALTER TABLE place_pairs ADD COLUMN pk TEXT;
ALTER TABLE place_pairs ADD COLUMN ck TEXT;
ALTER TABLE place_pairs ADD COLUMN new_province TEXT;
ALTER TABLE place_pairs ADD COLUMN new_commune TEXT;
UPDATE place_pairs SET pk = replace(lower(trim(province)), '-', ' '), ck = replace(lower(trim(commune)), '-', ' ');
UPDATE place_pairs SET pk = substr(pk, 6) WHERE pk LIKE 'tinh %';
UPDATE place_pairs SET new_province = CASE WHEN pk = '' THEN ''
  ELSE (SELECT province FROM place_provinces_2025 WHERE key = pk) END;
-- Exactly one unit of that name (a leading "xa "/"phuong " may be a type word), in the
-- province when one was given; anything else stays NULL: unmapped.
UPDATE place_pairs SET new_commune = CASE WHEN ck = '' THEN '' ELSE (
  SELECT CASE WHEN count(DISTINCT u.code) = 1 THEN max(u.code) END FROM place_units_2025 u
  WHERE (u.key = ck OR u.code = ck OR (ck LIKE 'xa %' AND u.key = substr(ck, 4))
         OR (ck LIKE 'phuong %' AND u.key = substr(ck, 8)))
    AND (place_pairs.pk = '' OR u.province = place_pairs.new_province)) END;
UPDATE place_pairs SET new_province = (SELECT province FROM place_units_2025 WHERE code = new_commune)
  WHERE pk = '' AND new_commune <> '';
CREATE TEMP VIEW place_unmapped AS
  SELECT province, commune FROM place_pairs WHERE new_province IS NULL OR new_commune IS NULL;

-- Grants: removed, never widened.
INSERT INTO place_set_aside (kind, ref, province, commune, action, at)
  SELECT 'role', g.channel || ':' || g.user_id || ' ' || g.role, g.province, g.commune, 'removed', CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)
  FROM role_grants g WHERE (g.province, g.commune) IN (SELECT province, commune FROM place_unmapped);
DELETE FROM role_grants WHERE (province, commune) IN (SELECT province, commune FROM place_unmapped);
INSERT INTO place_set_aside (kind, ref, province, commune, action, at)
  SELECT 'officer', o.channel || ':' || o.user_id || ' ' || o.role, o.province, o.commune, 'removed', CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)
  FROM broadcast_officers o WHERE (o.province, o.commune) IN (SELECT province, commune FROM place_unmapped);
DELETE FROM broadcast_officers WHERE (province, commune) IN (SELECT province, commune FROM place_unmapped);
-- Tokens: revoked.
INSERT INTO place_set_aside (kind, ref, province, commune, action, at)
  SELECT 'token', 'token ' || t.id, t.province, t.commune, 'revoked', CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)
  FROM broadcast_tokens t WHERE t.revoked_at IS NULL
    AND (t.province, t.commune) IN (SELECT province, commune FROM place_unmapped);
UPDATE broadcast_tokens SET revoked_at = CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)
  WHERE revoked_at IS NULL AND (province, commune) IN (SELECT province, commune FROM place_unmapped);
-- Subscriptions: turned off, the place cleared.
INSERT INTO place_set_aside (kind, ref, province, commune, action, at)
  SELECT 'subscription', s.channel || ':' || s.chat_id, s.province, s.commune, 'unsubscribed', CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)
  FROM broadcast_subscriptions s WHERE (s.province, s.commune) IN (SELECT province, commune FROM place_unmapped);
UPDATE broadcast_subscriptions SET subscribed = 0, province = '', commune = ''
  WHERE (province, commune) IN (SELECT province, commune FROM place_unmapped);
-- Group links: unlinked; the title is read again.
INSERT INTO place_set_aside (kind, ref, province, commune, action, at)
  SELECT 'group', l.channel || ':' || l.chat_id, l.province, l.commune, 'unlinked', CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)
  FROM group_links l WHERE (l.province, l.commune) IN (SELECT province, commune FROM place_unmapped);
DELETE FROM group_titles WHERE (channel, chat_id) IN
  (SELECT channel, chat_id FROM group_links WHERE (province, commune) IN (SELECT province, commune FROM place_unmapped));
DELETE FROM group_links WHERE (province, commune) IN (SELECT province, commune FROM place_unmapped);
-- Figures: kept as they were, listed.
INSERT INTO place_set_aside (kind, ref, province, commune, action, at)
  SELECT 'reports', count(*) || ' rows', province, commune, 'kept', CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) FROM reports
  WHERE (province, commune) IN (SELECT province, commune FROM place_unmapped) GROUP BY province, commune;
INSERT INTO place_set_aside (kind, ref, province, commune, action, at)
  SELECT 'targets', count(*) || ' rows', province, commune, 'kept', CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) FROM targets
  WHERE (province, commune) IN (SELECT province, commune FROM place_unmapped) GROUP BY province, commune;
INSERT INTO place_set_aside (kind, ref, province, commune, action, at)
  SELECT 'tickets', count(*) || ' rows', province, commune, 'kept', CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) FROM tickets
  WHERE (province, commune) IN (SELECT province, commune FROM place_unmapped) GROUP BY province, commune;
INSERT INTO place_set_aside (kind, ref, province, commune, action, at)
  SELECT 'broadcast', 'broadcast ' || b.id, b.province, j.value, 'kept', CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)
  FROM broadcasts b, json_each(b.communes) j WHERE (b.province, j.value) IN (SELECT province, commune FROM place_unmapped);
INSERT INTO place_set_aside (kind, ref, province, commune, action, at)
  SELECT 'broadcast', 'broadcast ' || b.id, b.province, '', 'kept', CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)
  FROM broadcasts b WHERE (b.province, '') IN (SELECT province, commune FROM place_unmapped);

-- Everything that maps: to (province id, code).
CREATE TEMP VIEW place_mapped AS
  SELECT province, commune, new_province, new_commune FROM place_pairs
  WHERE new_province IS NOT NULL AND new_commune IS NOT NULL;
UPDATE OR REPLACE role_grants SET
  province = coalesce((SELECT new_province FROM place_mapped m WHERE m.province = role_grants.province AND m.commune = role_grants.commune), province),
  commune = coalesce((SELECT new_commune FROM place_mapped m WHERE m.province = role_grants.province AND m.commune = role_grants.commune), commune);
UPDATE OR REPLACE broadcast_officers SET
  province = coalesce((SELECT new_province FROM place_mapped m WHERE m.province = broadcast_officers.province AND m.commune = broadcast_officers.commune), province),
  commune = coalesce((SELECT new_commune FROM place_mapped m WHERE m.province = broadcast_officers.province AND m.commune = broadcast_officers.commune), commune);
UPDATE broadcast_tokens SET
  province = coalesce((SELECT new_province FROM place_mapped m WHERE m.province = broadcast_tokens.province AND m.commune = broadcast_tokens.commune), province),
  commune = coalesce((SELECT new_commune FROM place_mapped m WHERE m.province = broadcast_tokens.province AND m.commune = broadcast_tokens.commune), commune)
  WHERE revoked_at IS NULL OR (province, commune) IN (SELECT province, commune FROM place_mapped);
UPDATE broadcast_subscriptions SET
  province = coalesce((SELECT new_province FROM place_mapped m WHERE m.province = broadcast_subscriptions.province AND m.commune = broadcast_subscriptions.commune), province),
  commune = coalesce((SELECT new_commune FROM place_mapped m WHERE m.province = broadcast_subscriptions.province AND m.commune = broadcast_subscriptions.commune), commune);
UPDATE group_links SET
  province = coalesce((SELECT new_province FROM place_mapped m WHERE m.province = group_links.province AND m.commune = group_links.commune), province),
  commune = coalesce((SELECT new_commune FROM place_mapped m WHERE m.province = group_links.province AND m.commune = group_links.commune), commune);
UPDATE reports SET
  province = coalesce((SELECT new_province FROM place_mapped m WHERE m.province = reports.province AND m.commune = reports.commune), province),
  commune = coalesce((SELECT new_commune FROM place_mapped m WHERE m.province = reports.province AND m.commune = reports.commune), commune);
UPDATE OR REPLACE targets SET
  province = coalesce((SELECT new_province FROM place_mapped m WHERE m.province = targets.province AND m.commune = targets.commune), province),
  commune = coalesce((SELECT new_commune FROM place_mapped m WHERE m.province = targets.province AND m.commune = targets.commune), commune);
UPDATE tickets SET
  province = coalesce((SELECT new_province FROM place_mapped m WHERE m.province = tickets.province AND m.commune = tickets.commune), province),
  commune = coalesce((SELECT new_commune FROM place_mapped m WHERE m.province = tickets.province AND m.commune = tickets.commune), commune);
-- A broadcast's province alone maps as (province, ''); its communes one by one, an
-- unmapped name kept as it was (it matches no code, so it reaches nobody).
UPDATE broadcasts SET
  province = coalesce((SELECT new_province FROM place_mapped m WHERE m.province = broadcasts.province AND m.commune = ''), province),
  communes = (SELECT coalesce(json_group_array(coalesce(m.new_commune, j.value)), '[]')
              FROM json_each(broadcasts.communes) j
              LEFT JOIN place_mapped m ON m.province = broadcasts.province AND m.commune = j.value);

DROP VIEW place_mapped;
DROP VIEW place_unmapped;
DROP TABLE place_pairs;
DROP TABLE place_units_2025;
DROP TABLE place_provinces_2025;
)sql";

}  // namespace

std::string_view places_migration_sql() { return kSql; }

}  // namespace hocvuso
