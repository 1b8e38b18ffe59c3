-- Everyone who attended an event is a participant: participants_count >= attended_count.
select event_id, participants_count, attended_count
from {{ ref('fact_event') }}
where participants_count < attended_count
