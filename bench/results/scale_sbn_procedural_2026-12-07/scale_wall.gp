set encoding utf8
set terminal pngcairo size 900,560 noenhanced font 'Sans,11' linewidth 1.5
set output 'scale_wall.png'
set logscale xy
set grid
set key top left
set xlabel 'neurons per trial'
set ylabel 'wall seconds per simulated second'
set title 'Wall time against network size'
f0(x) = 0.080902901191257592 * x**0.68031614394709916
plot 'scale_wall.dat' index 0 using 1:2 with points pointtype 7 linecolor 1 title 'batch 1, 1 thread: exponent 0.68', \
     f0(x) with lines linecolor 1 notitle

set output
set terminal svg size 900,560 noenhanced font 'Sans,11' linewidth 1.5 background rgb 'white'
set output 'scale_wall.svg'
set logscale xy
set grid
set key top left
set xlabel 'neurons per trial'
set ylabel 'wall seconds per simulated second'
set title 'Wall time against network size'
f0(x) = 0.080902901191257592 * x**0.68031614394709916
plot 'scale_wall.dat' index 0 using 1:2 with points pointtype 7 linecolor 1 title 'batch 1, 1 thread: exponent 0.68', \
     f0(x) with lines linecolor 1 notitle

set output
