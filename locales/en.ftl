# Partage's website in English. Adding a language: copy this file to locales/<tag>.ftl and
# translate the values; every key must be present (a test checks it).

meta-language-name = English
meta-chrono-locale = en_GB
meta-og-locale = en_GB
format-date = %A %-d %B %Y
format-month = %B %Y
format-time = %H:%M
format-decimal-separator = .

skip-to-content = Skip to content
nav-label = Main
nav-home = Home
nav-directory = Directory
nav-events = Events
nav-map = Map
nav-network = Network
language-switch = Language

footer-follow = Follow this chapter from Mastodon or any fediverse server:
footer-activitypub = ActivityPub profile
footer-data = Open data:
footer-powered = Powered by Partage, free software (AGPL-3.0-or-later).
feed-atom = New and updated initiatives and events (Atom)
feed-ics = Upcoming events (iCalendar)

home-languages = Languages:
home-follow-title = Follow us from the fediverse
home-follow-text = Search for this handle in Mastodon (or any fediverse app) and follow it: new initiatives and upcoming events will appear in your timeline.
home-copy = Copy
home-copied = Copied!
home-follow-instance = Your server
home-follow-button = Follow from my server
home-upcoming = Upcoming events
home-newest = New initiatives
home-all-events = All events
home-all-initiatives = The whole directory

directory-title = Directory
directory-search-title = Search: { $q }
directory-description = Repair cafés, tool libraries, food co-ops, shared spaces and more, around us and across the network.
directory-count = { $count ->
    [0] No initiative matches
    [one] One initiative
   *[other] { $count } initiatives
}
directory-count-more = More than { $count } initiatives
directory-none = Nothing here yet: try fewer filters.
directory-download = Download these results:

filter-text = Search
filter-text-placeholder = repair café, vélo, garden…
filter-category = Category
filter-any = Any
filter-tag = Hashtag
filter-near = Near
filter-near-placeholder = a town, a postcode, or latitude,longitude
filter-near-me = Near me
filter-radius = Within
filter-from = From
filter-to = Until
filter-origin = From
filter-origin-all = This chapter and the network
filter-origin-local = This chapter only
filter-origin-network = The network only
filter-open-now = Open now
filter-submit = Filter
filter-reset = Reset

pagination = Pages
pagination-previous = Previous
pagination-next = Next
pagination-page = Page { $page } of { $pages }
pagination-page-of-many = Page { $page }

origin-from = From the network:
origin-follow = Follow it:
status-paused = Paused for now
status-closed = Closed for good
status-active = Active

hours-open = Open now
hours-open-until = Open now · closes at { $time }
hours-opens-today = Closed · opens today at { $time }
hours-opens-on = Closed · opens { $day } at { $time }
hours-closed = Closed
hours-closed-day = closed

initiative-address = Address
initiative-hours = Opening hours
initiative-website = Website
initiative-email = Email
initiative-phone = Phone
initiative-languages = Languages
initiative-calendar = Its events in your calendar (.ics)
initiative-events = Upcoming events

events-title = Events
events-description = Workshops, meetups and repair sessions: what is coming up around us and across the network.
events-views = Views
events-agenda = Agenda
events-month = Month
events-count = { $count ->
    [0] No upcoming event matches
    [one] One event
   *[other] { $count } events
}
events-count-more = More than { $count } events
events-none = No upcoming event.
events-subscribe = Subscribe to these events (.ics)

event-online = Online
event-place = Place
event-initiative = Organised by
event-capacity = Places
event-registration = Registration
event-register = Register
event-add-to-calendar = Add to my calendar (.ics)
event-cancelled = Cancelled
event-postponed = Postponed

map-title = Map
map-label = Map
map-legend-initiatives = Initiatives
map-legend-events = Upcoming events
map-noscript = The map needs JavaScript; the directory lists the same places.

network-title = Network
network-intro = The chapters this one follows and shows in its directory, and those that follow it.
network-following = Chapters we follow
network-followers = Chapters that follow us
network-none = None yet.
network-counts = { $initiatives } initiatives, { $events } events
network-browse = See their entries
network-pending = waiting for their answer

error-bad-query = Something in the address is not right
error-bad-query-text = Please check:
error-not-found = Not found
error-not-found-text = There is nothing at this address.
error-gone = Deleted
error-gone-text = This page was deleted.
error-internal = Something went wrong
error-internal-text = We could not show this page. Please try again in a moment.
error-home = Back to the home page

category-mobility = Mobility
category-food = Food
category-housing = Housing
category-spaces = Shared spaces
category-goods = Goods
category-repair = Repair
category-skills = Skills
category-finance = Finance
category-energy = Energy
category-culture = Culture
category-digital = Digital commons
category-care = Care
