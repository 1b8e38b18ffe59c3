-- Dictionaries and catalogues: a fixed set that does not grow with the scale. Inserted only
-- once (generate); advance finds them present and leaves them alone.

insert into {schema}.core_organization (id, code, name, is_active)
select v.id, v.code, pg_temp.i18n(v.ru, v.kk, v.en, 300, v.id), v.active
from (values
    (1, 'astana_hub', 'Astana Hub', 'Astana Hub', 'Astana Hub', true),
    (2, 'mdai', 'Министерство цифрового развития', 'Цифрлық даму министрлігі', 'Ministry of Digital Development', true),
    (3, 'qazinnovations', 'QazInnovations', 'QazInnovations', 'QazInnovations', true),
    (4, 'techgarden', 'Tech Garden', 'Tech Garden', 'Tech Garden', true),
    (5, 'techorda', 'TechOrda', 'TechOrda', 'TechOrda', true),
    (6, 'itpark_alatau', 'Парк инновационных технологий «Алатау»', '«Алатау» инновациялық технологиялар паркі', 'Alatau Innovation Technology Park', true),
    (7, 'qaztrade', 'QazTrade', 'QazTrade', 'QazTrade', true),
    (8, 'digital_kz', 'Digital Kazakhstan (архив)', 'Digital Kazakhstan (мұрағат)', 'Digital Kazakhstan (archive)', false)
) v (id, code, ru, kk, en, active)
where not exists (select from {schema}.core_organization);

insert into {schema}.core_city (id, name, country)
select v.id, pg_temp.i18n(v.ru, v.kk, v.en, 301, v.id), v.country
from (values
    (1, 'Алматы', 'Алматы', 'Almaty', 'KZ'), (2, 'Астана', 'Астана', 'Astana', 'KZ'),
    (3, 'Шымкент', 'Шымкент', 'Shymkent', 'KZ'), (4, 'Караганда', 'Қарағанды', 'Karaganda', 'KZ'),
    (5, 'Актобе', 'Ақтөбе', 'Aktobe', 'KZ'), (6, 'Тараз', 'Тараз', 'Taraz', 'KZ'),
    (7, 'Павлодар', 'Павлодар', 'Pavlodar', 'KZ'), (8, 'Усть-Каменогорск', 'Өскемен', 'Oskemen', 'KZ'),
    (9, 'Семей', 'Семей', 'Semey', 'KZ'), (10, 'Атырау', 'Атырау', 'Atyrau', 'KZ'),
    (11, 'Костанай', 'Қостанай', 'Kostanay', 'KZ'), (12, 'Актау', 'Ақтау', 'Aktau', 'KZ'),
    (13, 'Кызылорда', 'Қызылорда', 'Kyzylorda', 'KZ'), (14, 'Петропавловск', 'Петропавл', 'Petropavl', 'KZ'),
    (15, 'Туркестан', 'Түркістан', 'Turkistan', 'KZ'), (16, 'Ташкент', 'Ташкент', 'Tashkent', 'UZ'),
    (17, 'Бишкек', 'Бішкек', 'Bishkek', 'KG'), (18, 'Тбилиси', 'Тбилиси', 'Tbilisi', 'GE')
) v (id, ru, kk, en, country)
where not exists (select from {schema}.core_city);

insert into {schema}.core_category (id, name, kind)
select v.id, pg_temp.i18n(v.ru, v.kk, v.en, 302, v.id), v.kind
from (values
    (1, 'Стартапы', 'Стартаптар', 'Startups', 'blog'), (2, 'Технологии', 'Технологиялар', 'Technology', 'blog'),
    (3, 'Инвестиции', 'Инвестициялар', 'Investment', 'blog'), (4, 'Карьера', 'Мансап', 'Career', 'blog'),
    (5, 'Истории успеха', 'Табыс тарихы', 'Success stories', 'blog'), (6, 'Мероприятия', 'Іс-шаралар', 'Events', 'blog'),
    (7, 'Новости', 'Жаңалықтар', 'News', 'article'), (8, 'Аналитика', 'Талдау', 'Analytics', 'article'),
    (9, 'Законодательство', 'Заңнама', 'Legislation', 'article'), (10, 'Гайды', 'Нұсқаулықтар', 'Guides', 'article'),
    (11, 'Интервью', 'Сұхбат', 'Interviews', 'article')
) v (id, ru, kk, en, kind)
where not exists (select from {schema}.core_category);

insert into {schema}.service_servicerequeststatus (id, code, name, sort_order)
select v.id, v.code, pg_temp.i18n(v.ru, v.kk, v.en, 303, v.id), v.id * 10
from (values
    (1, 'draft', 'Черновик', 'Жоба', 'Draft'), (2, 'sent', 'Отправлена', 'Жіберілді', 'Sent'),
    (3, 'approved', 'Одобрена', 'Мақұлданды', 'Approved'), (4, 'success', 'Исполнена', 'Орындалды', 'Completed'),
    (5, 'reject', 'Отклонена', 'Қабылданбады', 'Rejected')
) v (id, code, ru, kk, en)
where not exists (select from {schema}.service_servicerequeststatus);

-- the finer business-process statuses; requests pick one that refines their status
insert into {schema}.service_servicerequestbpstatus (id, service_id, code, name, status_code, sort_order)
select v.id, v.service_id, v.code, pg_temp.i18n(v.ru, v.kk, v.en, 304, v.id), v.status_code, v.id * 10
from (values
    (1, null::bigint, 'filling', 'Заполнение заявки', 'Өтінімді толтыру', 'Filling in', 'draft'),
    (2, null, 'registered', 'Зарегистрирована', 'Тіркелді', 'Registered', 'sent'),
    (3, null, 'document_check', 'Проверка документов', 'Құжаттарды тексеру', 'Document check', 'sent'),
    (4, null, 'expertise', 'Экспертиза', 'Сараптама', 'Expert review', 'sent'),
    (5, null, 'commission', 'Рассмотрение комиссией', 'Комиссияның қарауы', 'Commission review', 'approved'),
    (6, null, 'contract', 'Заключение договора', 'Шарт жасасу', 'Contract signing', 'approved'),
    (7, null, 'completed', 'Услуга оказана', 'Қызмет көрсетілді', 'Service delivered', 'success'),
    (8, null, 'rejected_documents', 'Отказ: документы', 'Бас тарту: құжаттар', 'Rejected: documents', 'reject'),
    (9, null, 'rejected_commission', 'Отказ комиссии', 'Комиссия бас тартты', 'Rejected by commission', 'reject'),
    (10, 1, 'site_visit', 'Выездная проверка', 'Көшпелі тексеру', 'Site visit', 'sent'),
    (11, 5, 'tax_registration', 'Регистрация в налоговом органе', 'Салық органында тіркеу', 'Tax registration', 'approved')
) v (id, service_id, code, ru, kk, en, status_code)
where not exists (select from {schema}.service_servicerequestbpstatus);

-- the service catalogue; gen_service keeps each service's share of requests
create temp table gen_service as
select * from (values
    (1, 'astanahub-accreditation', 'accreditation', 'astana_hub', 0.07, 'Аккредитация IT-компании', 'IT-компанияны аккредиттеу', 'IT company accreditation'),
    (2, 'grant-seed', 'grant', 'qazinnovations', 0.06, 'Грант на старт', 'Бастауға арналған грант', 'Seed grant'),
    (3, 'grant-business-innovation', 'grant', 'qazinnovations', 0.05, 'Грант на бизнес-инновации', 'Бизнес-инновацияларға грант', 'Business innovation grant'),
    (4, 'grant-commercialization', 'grant', 'qazinnovations', 0.03, 'Грант на коммерциализацию', 'Коммерцияландыруға грант', 'Commercialisation grant'),
    (5, 'tax-preference-participant', 'tax_preference', 'astana_hub', 0.08, 'Налоговые льготы участника', 'Қатысушының салық жеңілдіктері', 'Participant tax preferences'),
    (6, 'tech-visa', 'visa', 'astana_hub', 0.07, 'Tech Visa', 'Tech Visa', 'Tech Visa'),
    (7, 'work-permit', 'visa', 'mdai', 0.03, 'Разрешение на работу иностранцу', 'Шетелдікке жұмыс рұқсаты', 'Work permit for foreigners'),
    (8, 'acceleration-silkroad', 'acceleration', 'astana_hub', 0.07, 'Акселерация Silkway', 'Silkway акселерациясы', 'Silkway acceleration'),
    (9, 'preacceleration', 'acceleration', 'techgarden', 0.04, 'Преакселерация', 'Преакселерация', 'Pre-acceleration'),
    (10, 'consultation-legal', 'consultation', 'astana_hub', 0.14, 'Юридическая консультация', 'Заң кеңесі', 'Legal consultation'),
    (11, 'consultation-tax', 'consultation', 'astana_hub', 0.10, 'Налоговая консультация', 'Салық кеңесі', 'Tax consultation'),
    (12, 'consultation-marketing', 'consultation', 'techgarden', 0.07, 'Маркетинговая консультация', 'Маркетинг кеңесі', 'Marketing consultation'),
    (13, 'office-space', 'other', 'astana_hub', 0.09, 'Офис в технопарке', 'Технопарктегі кеңсе', 'Office in the tech park'),
    (14, 'techpark-residency', 'other', 'itpark_alatau', 0.05, 'Резидентство технопарка', 'Технопарк резиденттігі', 'Tech park residency'),
    (15, 'grant-techorda-school', 'grant', 'techorda', 0.02, 'Грант для школ TechOrda', 'TechOrda мектептеріне грант', 'TechOrda school grant'),
    (16, 'export-support', 'other', 'qaztrade', 0.03, 'Поддержка экспорта IT-услуг', 'IT-қызметтер экспортын қолдау', 'IT services export support')
) v (id, code, kind, org_code, weight, ru, kk, en);
alter table gen_service add column lo double precision, add column hi double precision;
update gen_service s set lo = c.hi - s.weight, hi = c.hi
from (select id, sum(weight) over (order by id) as hi from gen_service) c where c.id = s.id;
-- the last bucket takes every draw up to 1, whatever the rounding of the weights
update gen_service set hi = 2 where id = (select max(id) from gen_service);
-- 1000 slots, each naming a service in proportion to its weight: an equality (hash) join
-- picks a request's service, where a range join would test every service for every row
create temp table gen_service_slot as
select slot, s.id as service_id, s.kind
from generate_series(0, 999) slot
join gen_service s on (slot + 0.5) / 1000.0 >= s.lo and (slot + 0.5) / 1000.0 < s.hi;

insert into {schema}.service_service (id, code, name, description, kind, org_code, is_active, created_at)
select id, code, pg_temp.i18n(ru, kk, en, 305, id),
    pg_temp.i18n('Описание услуги «' || ru || '»', '«' || kk || '» қызметінің сипаттамасы', 'About the service "' || en || '"', 306, id),
    kind, org_code, id not in (7, 15),
    (date '2019-01-01' + (id - 1) * 3 + interval '10 hours') at time zone 'Asia/Almaty'
from gen_service
where not exists (select from {schema}.service_service);

-- form templates: one to three versions per service, the newest active
insert into {schema}.service_hubform (id, service_id, version, "schema", is_active, created_at)
select row_number() over (order by s.id, v), s.id, v,
    jsonb_build_object('version', v, 'fields', jsonb_build_array(
        jsonb_build_object('name', 'project_title', 'type', 'text', 'required', true),
        jsonb_build_object('name', 'contact_phone', 'type', 'phone', 'required', true),
        jsonb_build_object('name', 'amount', 'type', 'number', 'required', s.kind = 'grant'),
        jsonb_build_object('name', 'team_size', 'type', 'number', 'required', false))),
    v = 1 + s.id % 3,
    (date '2019-01-01' + (s.id - 1) * 3 + (v - 1) * 700)::timestamp at time zone 'Asia/Almaty'
from gen_service s cross join generate_series(1, 1 + s.id % 3) v
where not exists (select from {schema}.service_hubform);

insert into {schema}.booking_room (id, name, floor, max_people, pavilion, is_active)
select r, 'Переговорная «' || (array['Алатау', 'Байтерек', 'Хан Тенгри', 'Жетысу', 'Сарыарка', 'Каспий', 'Бурабай',
        'Шарын', 'Кольсай', 'Иссык', 'Тараз', 'Отрар', 'Туран', 'Улытау', 'Алаколь'])[1 + (r - 1) % 15]
        || case when r > 15 then ' ' || ((r - 1) / 15 + 1) else '' end || '»',
    1 + (r * 7) % 4, (array[4, 6, 8, 10, 12, 20, 30])[1 + (r * 3) % 7],
    (array['C1.1', 'C1.2', 'C1.3', 'C4.6'])[1 + r % 4], r not in (7, 19, 26)
from generate_series(1, 30) r
where not exists (select from {schema}.booking_room);
