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
table-actions = Actions
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
home-search = Find an initiative
home-search-any = Any category
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
filter-near-placeholder = a town or postcode
filter-near-hint = or latitude,longitude
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

# Conversations: what the fediverse says about an entry.
comments-title = { $count ->
    [0] Comments
    [one] One comment
   *[other] { $count } comments
}
comments-boosts = { $count ->
    [one] One person shared this
   *[other] { $count } people shared this
}
comments-likes = { $count ->
    [one] one favourite
   *[other] { $count } favourites
}
comments-none = No comment yet.
comments-original = original post
comments-edited = edited
comments-pages = Pages of comments
comments-how = To comment, reply from your fediverse account (Mastodon, GoToSocial…) to this post; search your server for:
report-link = Report a problem with this entry
admin-comments = Comments
admin-comments-intro = Replies from the fediverse to our initiatives and events. Pending ones are not shown until approved; a reply addressed only to the chapter is private and is never shown publicly.
admin-comments-pending = Waiting for review
admin-comments-approved = Shown
admin-comments-hidden = Hidden
admin-comments-none = Nothing here.
admin-comments-on = on
admin-comments-private = private
admin-comments-approve = Approve
admin-comments-hide = Hide
admin-comments-delete = Delete
admin-comments-block-author = Block the author
admin-comments-block-domain = Block the server
admin-comments-approve-selected = Approve the selected ones
admin-comments-select = Select
admin-comments-report = Report it to its server
admin-comments-report-reason = Why (sent to its moderators)
admin-comments-report-send = Send the report
admin-comments-mention = the chapter (a mention: answer it from your own account)
dashboard-comments = { $count ->
    [one] One comment from the fediverse waits for review
   *[other] { $count } comments from the fediverse wait for review
}
admin-comments-done = Done.

origin-from = From the network:
origin-follow = Follow it:
source-from = From:
source-left = No longer listed there since { $date }.
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
embed-more = See them all
embed-powered = Partage
embed-unavailable = The agenda cannot be read right now; try again in a moment.
embed-title = Put it on your website
embed-intro = Show this chapter's agenda, directory or map on your own site, always current: choose what to show, see it, then copy one of the two snippets into your page.
embed-kind = What to show
embed-kind-agenda = The agenda
embed-kind-directory = The directory
embed-kind-map = The map
embed-filters = Which entries
embed-show = On the map
embed-show-all = Initiatives and events
embed-look = How it looks
embed-lang = Language
embed-lang-reader = The reader's
embed-theme = Colours
embed-theme-auto = As the reader's system
embed-theme-light = Light
embed-theme-dark = Dark
embed-accent = Your colour
embed-accent-hint = as #RRGGBB; used for links where it reads well, else for the edge
embed-limit = How many
embed-no-header = Hide the chapter's name
embed-update = Show
embed-preview = Preview
embed-iframe = A frame (works everywhere)
embed-iframe-hint = Paste it where your site accepts HTML. The script sizes the frame to its content; without it, the frame keeps its height.
embed-component = A web component (takes your site's fonts)
embed-component-hint = Styled by your CSS: --partage-accent, --partage-ink, --partage-muted, --partage-line, --partage-font.
embed-copy = Copy
embed-copied = Copied
embed-not-found = This entry is not in the directory (any more).
embed-open = Open it
embed-footer = Put it on your website
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
map-zoom-in = Zoom in
map-zoom-out = Zoom out
map-cluster = { $count } places here — zoom in
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

## The web admin
admin-menu = Administration
admin-signed-in-as = Signed in as
admin-signout = Sign out
admin-dashboard = Dashboard
admin-initiatives = Initiatives
admin-events = Events
admin-review = Review queue
admin-followers = Followers
admin-follows = Follows
admin-blocks = Blocked domains
admin-deliveries = Deliveries
admin-users = Users
admin-log = Activity log
admin-account = My account
admin-only = This page is for admins only. Ask an admin of the chapter if you need it.
admin-new-initiative = New initiative
admin-new-event = New event
admin-nothing = Nothing here yet.
admin-pending = waiting for review
admin-search = Search
admin-search-submit = Search
admin-updated = Updated
admin-view = View the public page
admin-duplicate = Duplicate
admin-delete = Delete
admin-confirm-delete = Delete it for good? Followers are told it is gone.
admin-copy-of = { $name } (copy)
admin-upcoming-only = Upcoming events only
admin-with-past = Include past events
role-admin = admin
role-editor = editor
roles-explained = Editors manage initiatives, events and the review queue. Admins also manage federation, blocks, deliveries and users.

notice-saved = Saved.
notice-created = Created and published.
notice-deleted = Deleted.
notice-approved = Approved: it is in the directory now.
notice-rejected = Rejected.
notice-followed = Follow sent: mirroring starts once they accept.
notice-unfollowed = Unfollowed.
notice-blocked = Blocked. Its followers, follows and entries were removed.
notice-unblocked = Unblocked.
notice-removed = Removed.
notice-retried = Deliveries to that host are being retried now.
notice-password = Your password is changed; your other sessions are signed out.
notice-signed-out-everywhere = You are signed out everywhere.
notice-role = Role changed.
notice-series = The repeating event is created: one event per date.

signin-title = Sign in
signin-submit = Sign in
signin-wrong = Wrong user name or password.
signin-locked = Too many failed sign-ins. For your safety, signing in is locked: try again in { $minutes } minutes.
invite-title = Create your account
invite-intro = You are invited to run this chapter as { $role }. Choose a user name and a password.
invite-submit = Create my account
invite-expired-title = Link expired
invite-expired = This link has expired or was already used. Ask an admin for a new one.

account-password = Change my password
account-change-password = Change password
account-sessions = Sessions
account-sessions-text = Signed in on a computer you no longer use? Sign out everywhere, including here.
account-signout-everywhere = Sign out everywhere

dashboard-initiatives = Initiatives
dashboard-events = Upcoming events
dashboard-mirrored = and { $count } from the network
dashboard-followers = Followers
dashboard-follows = Chapters followed
dashboard-review = Waiting for review
dashboard-failing-label = Deliveries failing
dashboard-source-failing = Source { $name } is failing: { $error }
dashboard-source-refusing = Source { $name }: { $count ->
    [one] one row
   *[other] { $count } rows
} refused in its last run ({ $first })
dashboard-waiting = { $count ->
    [one] One entry waits for review.
   *[other] { $count } entries wait for review.
}
dashboard-failing = { $count ->
    [one] One delivery is failing.
   *[other] { $count } deliveries are failing.
}

form-correct = Please correct the fields marked below.
form-basics = Basics
form-name = Name
form-slug = Web address name
form-slug-hint = Letters, digits and dashes; made from the name when empty.
form-summary = Summary
form-description = Description
form-markdown-hint = Markdown: **bold**, *italic*, [link](https://…), lists with -. The preview shows the result.
form-categories = Categories
form-tags = Tags
form-list-hint = Separated by commas.
form-status = Status
form-place = Place
form-place-name = Name of the place
form-street = Street
form-postal-code = Postcode
form-locality = Town
form-region = Region
form-country = Country
form-country-hint = Two letters, e.g. FR.
form-map-picker = Map: click to place the pin
form-map-hint = Click the map (or drag the pin) to place it; or type the coordinates.
form-latitude = Latitude
form-longitude = Longitude
form-contact = Contact
form-website = Website
form-email = Email
form-phone = Phone
form-languages = Languages spoken
form-languages-hint = Language codes separated by commas, e.g. fr, en.
form-hours = Opening hours
form-hours-hint = OpenStreetMap syntax, e.g. Mo-Fr 09:00-18:00; Sa 10:00-12:00. The coming week shows below.
form-hours-unreadable = These opening hours cannot be read.
form-save = Save
form-create = Create
form-when = When
form-starts = Starts
form-ends = Ends
form-timezone = Time zone
form-repeat = Repeats
form-repeat-count = Number of dates
form-repeat-hint = From 2 to 52; each date becomes an event of its own.
repeat-none = Does not repeat
repeat-weekly = Every week
repeat-biweekly = Every two weeks
repeat-monthly-day = Every month, same day
repeat-monthly-weekday = Every month, same weekday (e.g. 2nd Saturday)
form-initiative = Run by the initiative
form-initiative-hint = Type its name and choose it among the suggestions.
form-initiative-none = — none —
form-known-place = A place already used
form-known-place-none = — choose one to fill the address —
form-taking-part = Taking part
form-online = Online at
form-join-mode = Registration
join-mode-none = No registration
join-mode-free = Free, open to all
join-mode-external = Register on another site
form-registration = Registration address
form-capacity = Places
form-language = Language spoken
form-language-hint = A language code, e.g. fr.
event-status-scheduled = Scheduled
event-status-postponed = Postponed
event-status-cancelled = Cancelled
form-username = User name
form-username-hint = 2 to 32 characters: letters a-z, digits, '.', '-' and '_'.
form-password = Password
form-new-password = New password
form-password-hint = At least { $min } characters. A few unrelated words make a good one.
form-confirm-password = New password, again
form-current-password = Current password
form-confirm-mismatch = The two passwords differ.
form-refused = This form was refused
form-not-a-form = Send it as an HTML form (application/x-www-form-urlencoded).
form-cross-site = Forms are accepted from this site's own pages only.
form-too-large = This form is too large (more than 64 KiB).
form-unreadable = This form could not be read.
form-expired = This form has expired or did not come from this site: reload the page and send it again.
error-forbidden = Not allowed
error-conflict = Not possible

review-empty = Nothing waits for review.
review-from = Mirrored from
review-suggestion = Suggested through the website
review-approve = Approve
review-reject = Reject

followers-count = { $count ->
    [one] One account follows the chapter.
   *[other] { $count } accounts follow the chapter.
}
followers-actor = Account
followers-since = Known since
followers-remove = Remove
followers-confirm-remove = Remove this follower? It is told, and sees our posts no more.
follows-new = Follow a chapter, a group or an agenda
follows-new-text = Another Partage chapter, a Mobilizon group or a Gancio instance: what it publishes is mirrored here.
follows-target = Handle or address
follows-target-hint = e.g. @berlin@berlin.example or https://berlin.example/actors/berlin
follows-policy = What arrives
policy-auto = is published at once
policy-review = waits for review
follows-follow = Follow
follows-state = State
follow-state-pending = waiting for their answer
follow-state-accepted = accepted
follow-state-rejected = refused
follows-unfollow = Unfollow
follows-remove-mirrored = and remove its entries
follows-confirm-unfollow = Stop following?
blocks-new = Block a domain
blocks-new-text = A blocked server and its subdomains lose their followers, follows and entries here, and whatever they send is refused.
blocks-domain = Domain
blocks-domain-hint = e.g. spam.example
blocks-reason = Reason
blocks-reason-hint = For the other admins; not published.
blocks-block = Block
blocks-confirm = Block this domain and remove everything from it?
blocks-since = Blocked since
blocks-unblock = Unblock
delivery-pending = Pending
delivery-delivered = Delivered
delivery-failed = Given up
deliveries-unavailable = Hosts skipped
deliveries-unavailable-text = These hosts failed for too long: deliveries to them wait until they answer again.
deliveries-failures = { $count } failures
deliveries-failed = Given up, by host
deliveries-pending = Waiting, by host
deliveries-errors = Latest errors
deliveries-inbox = Inbox
deliveries-attempts = Attempts
deliveries-error = Error
deliveries-retry = Retry now
users-invite = Invite someone
users-invite-text = Make a one-time link, valid for 7 days, and send it to the person: they choose their user name and password.
users-invite-submit = Make an invitation link
users-invite-link = Invitation link
users-invited = Here is the link for a new { $role }. Copy it now: it is not shown again.
users-role = Role
users-since = Since
users-you = you
users-remove = Remove
users-confirm-remove = Remove this account? Its sessions end at once.
log-when = When
log-who = Who
log-action = Action
log-target = On

## Suggestions from the public
suggest-initiative = Suggest an initiative
suggest-event = Suggest an event
suggest-intro = Know a sharing initiative or an event we are missing? Tell us: the chapter's team checks it before it goes online.
suggest-initiative-instead = Suggest an initiative instead
suggest-event-instead = Suggest an event instead
suggest-honeypot = Leave this field empty
suggest-review-note = Nothing is published before a person of the chapter has reviewed it.
suggest-submit = Send the suggestion
suggest-thanks-title = Thank you!
suggest-thanks = Your suggestion waits for the chapter's team; it appears in the directory once approved.
suggest-too-many = You have sent many suggestions in a short time. Please try again in { $minutes } minutes.
follows-filters = Filters
follows-filters-text = Mirror only entries in these categories (none checked: all of them)…
follows-area = …and only inside this area, in degrees (all empty: anywhere).
follows-south = South
follows-west = West
follows-north = North
follows-east = East

pictures = Pictures
pictures-hint = The first is the main picture (a flyer, a photo of the place); up to { $count } in all. JPEG, PNG, WebP or GIF. Describe each for those who cannot see it; a click on a picture sets the point to keep in view.
pictures-add = Add pictures: drop them here, choose them, or take a photo
pictures-uploading = Sending…
pictures-description = Description (what the picture shows)
pictures-main = Main picture
pictures-remove = Remove
pictures-focus = Click where the subject is, to keep it in view when the picture is cropped
pictures-copying = The picture is being copied here.
pictures-file = Picture
pictures-upload = Add the picture
notice-picture-added = Picture added.
suggest-picture = A picture (optional): a flyer, a photo of the place

## E-mail
mail-confirm-subject = Confirm your subscription to { $chapter }
mail-confirm-intro = Someone, hopefully you, asked { $chapter } to send what is new: { $what }, { $frequency }.
mail-confirm-action = Confirm my subscription
mail-confirm-ignore = If it was not you, ignore this message: nothing more will be sent to you.
mail-frequency-daily = every day
mail-frequency-weekly = every week
mail-what-all = initiatives and events
mail-what-initiatives = initiatives
mail-what-events = events
mail-area-near = within { $radius } km of { $place }
mail-area-here = the chosen place
mail-area-everywhere = everywhere
mail-digest-subject = { $count ->
    [one] One new thing
   *[other] { $count } new things
  } on { $chapter }
mail-digest-intro = New and updated since { $date }: { $what }.
mail-digest-initiatives = Initiatives
mail-digest-events = Events
mail-digest-new = new
mail-digest-changed = updated
mail-digest-more = …and { $count } more on the site
mail-digest-footer = You receive this because you subscribed on { $chapter }.
mail-manage = Change or stop this subscription
mail-notices-subject = { $count ->
    [one] One thing waits for you
   *[other] { $count } things wait for you
  } on { $chapter }
mail-notices-daily-subject = Today on { $chapter }: { $count ->
    [one] one thing
   *[other] { $count } things
  } for you
mail-notice-suggestion = New suggestion to review: { $label }
mail-notice-mirrored = From another chapter, waiting for review: { $label }
mail-notice-follower = New follower: { $label }
mail-notice-report = A report: { $label }
mail-notice-host-down = { $label } has refused our deliveries for a day
mail-notice-comment = A reply from { $label } waits for review
mail-notices-footer = You receive this as an administrator of this chapter.
mail-notices-settings = Choose what you are told, and when

## Subscriptions
subscribe-title = Get what is new here by e-mail
subscribe-hint = New and updated entries matching this page's filters, in one message. Nothing is sent before you confirm, and every message has a link to stop.
subscribe-email = Your e-mail address
subscribe-frequency = How often
subscribe-weekly = Every week
subscribe-daily = Every day
subscribe-origin = From
subscribe-origin-all = The whole network
subscribe-origin-local = This chapter only
subscribe-submit = Subscribe
subscribe-refused = This subscription cannot be made
subscribe-field-email = E-mail address
subscribe-field-kinds = What
subscribe-field-near = Place
subscribe-field-radius_km = Radius
subscribe-field-categories = Categories
subscribe-field-origin = From
subscribe-field-frequency = How often
subscribe-sent-title = Check your mailbox
subscribe-sent = If this address can receive our messages, a message with a confirmation link is on its way. Nothing is sent before you follow it.
subscribe-confirmed-title = Subscribed
subscribe-confirmed = Your subscription is confirmed. Every message will have a link to change or stop it.
subscribe-manage-title = Your subscription
subscribe-save = Save
subscribe-saved = Saved.
subscribe-unsubscribe = Unsubscribe
subscribe-ended-title = Unsubscribed
subscribe-ended = You will receive nothing more from this subscription.
link-title = This link does not work
link-unknown = This link is not one of ours, or it was cut. Open it again from the message, whole.
link-expired = This link has expired. Ask again from the site.
link-used = This link was already used.

## E-mail and notices on My account
account-email = E-mail and notices
account-email-text = What waits for you (suggestions to review, new followers…) can be sent to you by e-mail, at once or in one message a day.
account-email-address = E-mail address (empty: none is sent)
account-email-language = Language of the messages
account-email-invalid = is not a valid e-mail address
account-email-save = Save
account-notice-kind = When
account-notice-now = At once
account-notice-daily = Daily digest
account-notice-never = Never
account-notice-suggestion = A suggestion from the public
account-notice-mirrored = An entry from another chapter to review
account-notice-follower = A new follower
account-notice-report = A report
account-notice-host-down = A server refusing our deliveries for a day
account-notice-comment = A reply from the fediverse waiting for review
notices-off-title = Stop these messages
notices-off-text = You will no longer be told of anything by e-mail; you can choose again on My account.
notices-off-button = Stop all notices
notices-off-done-title = Notices stopped
notices-off-done = No more notices will be sent to you by e-mail.

## E-mail to an entry's contact
mail-reminder-subject = Is “{ $name }” still active?
mail-reminder-subject-again = Once more: is “{ $name }” still active?
mail-reminder-intro = “{ $name }” is listed on { $chapter } with this address as its contact, and has not changed for a long time. Is it still true?
mail-reminder-active = Yes, it is still active
mail-reminder-edit = Something changed: update it
mail-reminder-closed = It has closed
mail-reminder-why = You receive this because this address is the contact of “{ $name }” on { $chapter }. Without an answer to two such messages, the entry shows as unconfirmed; to give another contact, update it.
mail-owner-subject = Your link to fix “{ $name }”
mail-owner-intro = Someone, hopefully you, asked to fix “{ $name }” on { $chapter }. This link opens its form, for 7 days.
mail-owner-action = Fix the entry
mail-owner-ignore = If it was not you, ignore this message: nothing changes.

## Owners and contacts
owner-link = Is this yours? Fix it
owner-title = Fix “{ $name }”
owner-intro = Type the entry's contact address: a link to its form goes there, valid for 7 days. No account is needed.
owner-email = The entry's contact address
owner-send = Send me the link
owner-sent = If this is the entry's contact address, the link is on its way.
owner-review-note = Your changes are checked by the chapter's team before they show.
owner-save = Save the changes
owner-thanks = Thank you
owner-published = Your changes are online.
owner-waits = Your changes wait for the chapter's team; they show once approved.
fresh-active-title = Is “{ $name }” still active?
fresh-closed-title = Has “{ $name }” closed?
fresh-done = Your answer is recorded.
unconfirmed = Unconfirmed: its contact has not said for a long time that this is still true.
filter-hide-unconfirmed = Hide unconfirmed entries
review-owner-edits = Changes proposed by owners
review-apply = Apply
review-discard = Discard
admin-stale = Still active?
stale-intro = Initiatives whose contact was asked whether they are still active, and those that did not answer.
stale-reminders = Reminders
stale-unconfirmed-since = Unconfirmed since
stale-none = Every initiative is up to date.
dashboard-subscribers = Readers subscribed by e-mail
dashboard-mail = Messages waiting to be sent
dashboard-mail-failed = { $count } given up

## Reports: "Report a problem" and the admins' Reports page
report-title = Report a problem with “{ $name }”
report-intro = Tell the chapter's team what is wrong with this entry. They read every report; nothing you write here is published.
report-reason = What is wrong?
report-reason-closed = It has closed, or the event is cancelled
report-reason-wrong = Some information is wrong
report-reason-duplicate = It duplicates another entry
report-reason-inappropriate = It is inappropriate (spam, hateful, illegal)
report-message = Tell us more (optional)
report-message-hint = At most 2,000 characters: what is wrong, and what it should say.
report-email = Your e-mail address (optional)
report-email-hint = Only if you want an answer. The chapter's team alone sees it.
report-submit = Send the report
report-thanks-title = Thank you
report-thanks = Your report has reached the chapter's team.
report-back = Back to “{ $name }”
report-too-many = You have sent many reports in a short time. Please try again in { $minutes } minutes.
admin-reports = Reports
reports-intro = What readers (“Report a problem” on an entry) and other servers (a report made on Mastodon, for instance) say is wrong. Removing or blocking closes the report; each step is in the activity log.
reports-open = Open reports
reports-none = No open report.
reports-closed = { $count ->
    [one] One closed report
   *[other] { $count } closed reports
}
reports-reason-closed = Closed or cancelled
reports-reason-wrong = Wrong information
reports-reason-duplicate = Duplicate
reports-reason-inappropriate = Inappropriate
reports-reason-fediverse = From the fediverse
reports-by-server = sent by
reports-by-reader = A reader
reports-no-message = No message.
reports-about = About:
reports-chapter = the chapter
reports-mirrored = from the network
reports-gone = something removed since
reports-comment-by = a comment by
reports-objects = Addresses it names
reports-remove-entry = Remove the entry
reports-hide-entry = Hide the entry
reports-remove-comment = Remove the comment
reports-block-actor = Block { $actor }
reports-block-domain = Block the server { $server }
reports-dismiss = Dismiss
reports-confirm-remove = Remove it for good? Its followers are told it is gone.
reports-confirm-block = Block? Everything that came from there is removed, and what it sends from now on is refused.
reports-state-resolved = Resolved
reports-state-dismissed = Dismissed
notice-dismissed = Dismissed.
dashboard-reports = { $count ->
    [one] One report to look at
   *[other] { $count } reports to look at
}
blocks-actors = Blocked actors
blocks-actor = Actor
dashboard-reports-label = Open reports
dashboard-embed = Put the agenda, the directory or the map on your website (or a partner's)

## Likely duplicates (admin)
admin-duplicates = Duplicates
duplicate-near = There is already “{ $name }” { $distance } away
duplicate-contact = There is already “{ $name }”, with the same contact
duplicate-from = listed by { $origin }
duplicate-open = open it
duplicate-confirm = Is it another one? Save again to confirm.
duplicate-save-anyway = Save anyway
duplicates-intro = Entries that look like the same one: link them (one card with both sources), merge one of ours into the other (its address then leads there), or say they are different (they will not be proposed again).
duplicates-none = No likely duplicates.
duplicates-same = The same: link them
duplicates-merge = Merge “{ $from }” into “{ $into }”
duplicates-different = Not a duplicate
duplicates-also = Also listed by
duplicates-ours = us
dashboard-duplicates = Likely duplicates to look at
notice-linked = Linked: shown as one entry.
notice-merged = Merged.
notice-distinct = Marked as different entries.

## Sources kept in sync (/admin/sources)
admin-sources = Sources
sources-intro = Files and maps read on a schedule into the directory: a spreadsheet, a GoGoCarto map, OpenStreetMap data. Each run adds what is new, updates what changed, and marks as closed what left the source; a field edited here is never overwritten.
sources-new = Add a source
sources-none = No source yet.
sources-name = Name
sources-name-hint = Shown on each entry it brings ("From …"). The address's host when empty.
sources-format = Format
sources-format-csv = CSV spreadsheet
sources-format-json = JSON list
sources-format-geojson = GeoJSON (e.g. OpenStreetMap)
sources-format-gogocarto = GoGoCarto map
sources-format-ics = iCalendar (.ics)
sources-every = Read every
sources-every-hint = 30m, 6h, 24h, 7d…
sources-last-run = Last run
sources-entries = Entries
sources-left = { $count } closed (left the source)
sources-never = Never run yet.
sources-failing = Failing:
sources-retry = Tried again around { $at }; its entries stay as they were.
sources-url = Address of the file or of the map's API
sources-url-hint = For GoGoCarto, the map's address followed by /api/elements.json
sources-attribution = Attribution
sources-licence = Licence
sources-licence-hint = e.g. ODbL, CC BY 4.0
sources-link = Link to the source's page
sources-columns = Columns
sources-columns-hint = Which of its columns (or properties; address.streetAddress for nested ones) is each of our fields. Leave empty to read the usual names, in English or French. Not used for an iCalendar feed, whose properties are fixed.
sources-key = Column of its own ids
sources-key-hint = Default: id or ref (a GeoJSON feature's id).
sources-rules = Its categories as ours
sources-rules-hint = One a line: their category, a colon, our categories (repair, goods, food…). For a column's value: shop=second_hand: goods
sources-categories-hint = The categories checked above are given to every entry of the source.
sources-preview = Preview
sources-unreadable = The source cannot be read:
sources-preview-count = The first { $shown } of { $total } rows, as they would be stored.
sources-unmapped = Categories no rule takes:
sources-line = Line
sources-our-field = Our field
sources-their-column = Their column
sources-value = Value
sources-run = Run now
sources-runs = Runs
sources-ignored = Ids left out
sources-ignored-hint = Rows with these ids are never brought in.
sources-unignore = Bring it again
sources-ignore-key = Its id
sources-ignore = Leave it out
sources-settings = Settings
sources-remove = Remove this source
sources-remove-hint = Its entries stay in the directory, as the chapter's own, without attribution.
sources-remove-confirm = Remove this source? Its entries stay.
notice-ran = Run done: see its line below.
